using Zetina.Cairo.Air.Files;
using Zetina.Cairo.Runner;

namespace Zetina.Cairo.Prover;

/// <summary>
/// What the prover needs from a proof-mode Cairo run: registers per step, the written memory, the AIR public input,
/// and the program header (main pc, builtins) for the program hash. Built from cairo-run's files or from our VM.
/// </summary>
public sealed record CairoRunInput(RegisterState[] Trace, MemoryImage Memory, AirPublicInput PublicInput, ulong ProgramMain, IReadOnlyList<string> ProgramBuiltins)
{
    /// <summary>The ecdsa builtin's signatures (instance index → (r, w = s⁻¹)): the private witness its lane needs.</summary>
    public IReadOnlyDictionary<long, (Stark.Field.Felt R, Stark.Field.Felt W)> EcdsaSignatures { get; init; } = new Dictionary<long, (Stark.Field.Felt, Stark.Field.Felt)>();

    /// <summary>
    /// Reads cairo-run's trace, memory and public-input files (each may be stored as <c>.gz</c>). The program header
    /// is unknown from these files: main 0 and no builtins unless given.
    /// </summary>
    public static CairoRunInput FromFiles(string tracePath, string memoryPath, string publicInputPath, ulong programMain = 0, IReadOnlyList<string>? builtins = null) =>
        new(TraceFile.Read(tracePath), MemoryImage.Read(memoryPath), AirPublicInput.Read(publicInputPath), programMain, builtins ?? []);

    /// <summary>
    /// Takes a finished proof-mode run of our VM in memory (<see cref="AirInputs"/>: the trace copied once, the
    /// written cells, the public input). Throws <see cref="InvalidOperationException"/> when the run was not in proof mode.
    /// </summary>
    public static CairoRunInput FromRunner(CairoRunner runner)
    {
        if (runner.PublicInput is null) throw new InvalidOperationException("the run has no public input (not proof mode)");
        var signatures = new Dictionary<long, (Stark.Field.Felt, Stark.Field.Felt)>();
        if (runner.Find("ecdsa") is Builtins.EcdsaBuiltinRunner ecdsa)
            foreach ((long offset, (Stark.Field.Felt r, Stark.Field.Felt s)) in ecdsa.Signatures)
            {
                System.Numerics.BigInteger n = Stark.Crypto.StarkCurve.Order;
                signatures[offset / 2] = (r, Stark.Field.Felt.FromBigInteger(System.Numerics.BigInteger.ModPow(s.ToBigInteger(), n - 2, n)));
            }
        return new CairoRunInput(
            AirInputs.Trace(runner),
            AirInputs.Memory(runner),
            AirInputs.PublicInput(runner),
            (ulong)(runner.Program.Main ?? 0),
            runner.Program.Builtins) { EcdsaSignatures = signatures };
    }

    /// <summary>
    /// The run continued to at least <paramref name="steps"/> steps (a power of two) when it is shorter: the final
    /// step of a proof-mode run is the <c>jmp rel 0</c> loop, whose state repeats, so the longer trace is the same
    /// execution run further, with n_steps raised to match. The builtin lanes need this for short runs (one pedersen
    /// instance takes 512 rows, where the layout's ratio may allow a 128-step run). Throws
    /// <see cref="Air.CairoTraceException"/> when the last step is not a <c>jmp rel 0</c> at its own pc.
    /// </summary>
    public CairoRunInput WithMinimumSteps(int steps)
    {
        if (Trace.Length >= steps) return this;
        RegisterState last = Trace[^1];
        if (!Memory.TryGet(last.Pc, out Stark.Field.Felt word) || word != JumpRelZero)
            throw new Air.CairoTraceException($"the run has {Trace.Length} steps, its builtins need {steps} rows, and its last step is not the jmp rel 0 loop that could be run further");
        var trace = new RegisterState[steps];
        Trace.CopyTo(trace, 0);
        Array.Fill(trace, last, Trace.Length, steps - Trace.Length);
        AirPublicInput pi = PublicInput;
        var longer = new AirPublicInput { Layout = pi.Layout, RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = steps, MemorySegments = pi.MemorySegments, PublicMemory = pi.PublicMemory };
        return this with { Trace = trace, PublicInput = longer };
    }

    /// <summary>The word of <c>jmp rel 0</c> (0x010780017fff7fff).</summary>
    private static readonly Stark.Field.Felt JumpRelZero = Program.ProofModeEntryCode.JumpRelImmediate;
}
