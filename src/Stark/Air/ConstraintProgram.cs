using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>
/// An AIR's transition constraints recorded once as a straight-line program (<see cref="TransitionRecorder"/>), to be
/// run over many points at a time (<see cref="ConstraintProgramRunner"/>): its loaded slots are the mask entries, the
/// periodic columns and the constants; its instructions compute every constraint and add α_k·t_k into the sum of
/// constraint k's row-step group; the group sums are its result.
/// </summary>
/// <param name="Code">the instructions, in the native kernel's form (op 0 +, 1 −, 2 ·, 3 destination += weights[B]·A)</param>
/// <param name="Weights">the accumulations' weights (the α_k)</param>
/// <param name="SlotCount">slots a point needs</param>
/// <param name="Loads">what each loaded slot holds</param>
/// <param name="GroupSums">per row-step group, the slot its sum ends in (cleared before the run)</param>
/// <param name="ConstraintCount">constraints recorded</param>
internal sealed record ConstraintProgram(NativeLanes.ProgramInstruction[] Code, Felt[] Weights, int SlotCount, ProgramLoad[] Loads, int[] GroupSums,
    int ConstraintCount);

/// <summary>What a loaded slot of a <see cref="ConstraintProgram"/> holds at each point.</summary>
internal enum ProgramLoadKind : byte
{
    /// <summary>Mask entry <see cref="ProgramLoad.Index"/>'s value.</summary>
    Mask,

    /// <summary>Periodic column <see cref="ProgramLoad.Index"/>'s value.</summary>
    Periodic,

    /// <summary><see cref="ProgramLoad.Constant"/> at every point.</summary>
    Constant,
}

/// <summary>One loaded slot: <paramref name="Slot"/> holds <paramref name="Kind"/> (<paramref name="Index"/>, or <paramref name="Constant"/>).</summary>
internal readonly record struct ProgramLoad(int Slot, ProgramLoadKind Kind, int Index, Felt Constant);
