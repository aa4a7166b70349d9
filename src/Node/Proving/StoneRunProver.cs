using System.Text;
using Zetina.Cairo.Run;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Trace;

namespace Zetina.Node.Proving;

/// <summary>
/// An executor's Stone-format proof of a finished run: Stone's trace of the run in its layout, proved with the default
/// parameters (96 bits, ones Integrity accepts; docs/stone.md) in statement version stone6, written as Stone's proof
/// file — the witness a Stone-format job's commit and reveal carry (docs/registry.md, "Commit–reveal").
/// </summary>
internal static class StoneRunProver
{
    /// <summary>
    /// The run's Stone layout and the default parameters for its trace length; throws
    /// <see cref="InvalidOperationException"/> when the run's layout has no Stone AIR here.
    /// </summary>
    public static (StoneCairoLayout Layout, StoneProofParameters Parameters) Plan(CairoRun run)
    {
        if (StoneLayoutTable.Find(run.PublicInput.Layout) is not StoneCairoLayout layout)
            throw new InvalidOperationException($"layout '{run.PublicInput.Layout}' has no Stone-format prover here");
        int logTrace = System.Numerics.BitOperations.Log2((ulong)run.PublicInput.NSteps * (ulong)layout.RowsPerStep);
        return (layout, StoneDefaultParameters.For(logTrace));
    }

    /// <summary>The proof file's bytes with the plan of <see cref="Plan"/>.</summary>
    public static byte[] Prove(CairoRun run, int maxThreads, IProgress<ProvingProgress>? progress = null) =>
        Prove(run, Plan(run), maxThreads, progress);

    /// <summary>
    /// The proof file's bytes with a plan already made (and reported) by the caller; <paramref name="onPhase"/> hears
    /// each prover phase's name and seconds (<see cref="StoneProverOptions.OnPhase"/>).
    /// </summary>
    public static byte[] Prove(CairoRun run, (StoneCairoLayout Layout, StoneProofParameters Parameters) plan, int maxThreads,
        IProgress<ProvingProgress>? progress = null, Action<string, double>? onPhase = null)
    {
        (StoneCairoLayout layout, StoneProofParameters parameters) = plan;
        progress?.Report(new ProvingProgress("stone trace", 0));
        StoneTraceBuilder trace = StoneTraceBuilder.Build(layout, run);
        progress?.Report(new ProvingProgress("stone prove", 0));
        StoneProof proof = StoneProver.Prove(trace, layout, parameters, run.PublicInput, StoneStatementVersion.Stone6,
            new StoneProverOptions { MaxThreads = maxThreads, OnPhase = onPhase });
        return ProofFile(proof, parameters, run.PublicInput);
    }

    /// <summary>
    /// Stone's proof file for a proof of a run held in memory: the parameters in full, the default prover config,
    /// the run's public input, and a private input that names no files (the run never left memory).
    /// </summary>
    public static byte[] ProofFile(StoneProof proof, StoneProofParameters parameters, AirPublicInput publicInput) =>
        Encoding.UTF8.GetBytes(StoneProofJson.Write(proof.Proof, StoneProofJson.Parameters(parameters),
            Encoding.UTF8.GetBytes(StoneProofJson.DefaultProverConfig), publicInput.Serialize(), "{}"u8));
}
