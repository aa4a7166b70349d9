using Zetina.Cairo.Air;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Prover;

/// <summary>
/// Runs a finished proof-mode run further, for the AIR: the builtin lanes need a minimum number of rows (one
/// pedersen instance takes 512 rows, where the layout's ratio may allow a 128-step run).
/// </summary>
public static class RunContinuation
{
    /// <summary>The word of <c>jmp rel 0</c> (0x010780017fff7fff).</summary>
    private static readonly Felt JumpRelZero = Program.ProofModeEntryCode.JumpRelImmediate;

    /// <summary>
    /// The run continued to at least <paramref name="steps"/> steps (a power of two) when it is shorter: the final
    /// step of a proof-mode run is the <c>jmp rel 0</c> loop, whose state repeats, so the longer trace is the same
    /// execution run further, with n_steps raised to match. Throws <see cref="CairoTraceException"/> when the last
    /// step is not a <c>jmp rel 0</c> at its own pc.
    /// </summary>
    public static CairoRun WithMinimumSteps(this CairoRun run, int steps)
    {
        if (run.Trace.Length >= steps) return run;
        RegisterState last = run.Trace[^1];
        if (!run.Memory.TryGet(last.Pc, out Felt word) || word != JumpRelZero)
            throw new CairoTraceException($"the run has {run.Trace.Length} steps, its builtins need {steps} rows, and its last step is not the jmp rel 0 loop that could be run further");
        var trace = new RegisterState[steps];
        run.Trace.CopyTo(trace, 0);
        Array.Fill(trace, last, run.Trace.Length, steps - run.Trace.Length);
        AirPublicInput pi = run.PublicInput;
        var longer = new AirPublicInput { Layout = pi.Layout, RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = steps, MemorySegments = pi.MemorySegments, PublicMemory = pi.PublicMemory };
        return run with { Trace = trace, PublicInput = longer };
    }
}
