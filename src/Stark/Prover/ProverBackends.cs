using Zetina.Stark.Air;
using Zetina.Stark.Common;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Prover;

/// <summary>
/// The backends a <see cref="StarkProver"/> runs on. <see cref="Cpu"/> gives the CPU ones; a GPU backend
/// replaces any of them (the results must be the same bytes).
/// </summary>
/// <param name="Lde">NTTs and low-degree extensions.</param>
/// <param name="Commitments">Merkle trees over rows.</param>
/// <param name="Composition">The composition polynomial on the evaluation domain.</param>
/// <param name="MaxThreads">Threads for the prover's own loops (DEEP, FRI folding, grinding).</param>
public sealed record ProverBackends(ILdeBackend Lde, IVectorCommitmentBackend Commitments, ICompositionEvaluator Composition, int MaxThreads)
{
    /// <summary>All-CPU backends using at most <paramref name="maxThreads"/> threads (0: all processors).</summary>
    public static ProverBackends Cpu(int maxThreads = 0)
    {
        int t = Parallelism.Resolve(maxThreads);
        return new ProverBackends(new CpuLdeBackend(t), new CpuVectorCommitmentBackend(t), new CpuCompositionEvaluator(t), t);
    }
}
