using Zetina.Stark.Air;
using Zetina.Stark.Common;
using Zetina.Stark.Prover;

namespace Zetina.Gpu.Prover;

/// <summary>
/// The prover's backends for this machine: LDE and commitments on the first CUDA GPU when there is one (the
/// composition evaluator stays on the CPU), the all-CPU backends otherwise. This is what <c>--gpu</c> and
/// GPU auto-detection in the node hand to <see cref="StarkProver"/>.
/// </summary>
public sealed class GpuProverBackends : IDisposable
{
    private readonly GpuStarkBackends? _gpu;

    private GpuProverBackends(ProverBackends backends, GpuStarkBackends? gpu, string line)
    {
        Backends = backends;
        _gpu = gpu;
        Line = line;
    }

    /// <summary>The backends to pass to <see cref="StarkProver"/>.</summary>
    public ProverBackends Backends { get; }

    /// <summary>True when the LDE and commitments run on a GPU.</summary>
    public bool OnGpu => _gpu is not null;

    /// <summary>One line for the user: "GPU: …" or "no GPU found (…)" (then the CPU is used).</summary>
    public string Line { get; }

    /// <summary>
    /// Opens the GPU if there is one, else falls back to <see cref="ProverBackends.Cpu"/>; never throws for a
    /// missing or broken driver. <paramref name="maxThreads"/> bounds the CPU parts (0: all processors).
    /// </summary>
    public static GpuProverBackends Create(int maxThreads = 0)
    {
        GpuStarkBackends? gpu = GpuStarkBackends.TryOpen(out string line);
        if (gpu is null) return new GpuProverBackends(ProverBackends.Cpu(maxThreads), null, line);
        int t = Parallelism.Resolve(maxThreads);
        return new GpuProverBackends(new ProverBackends(gpu.Lde, gpu.Commitment, new CpuCompositionEvaluator(t), t), gpu, line);
    }

    /// <summary>Frees the GPU (when one was opened).</summary>
    public void Dispose() => _gpu?.Dispose();
}
