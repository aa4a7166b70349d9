using Zetina.Stark.Field;

namespace Zetina.Cairo.Runner;

/// <summary>A segment's relocated bounds in air_public_input.json.</summary>
public readonly record struct SegmentAddresses(long BeginAddr, long StopPtr);

/// <summary>A public memory cell: address, value and page.</summary>
public readonly record struct PublicMemoryEntry(long Address, Felt Value, int Page);

/// <summary>
/// The AIR public input of a proof-mode run (air_public_input.json): layout, the range-check bounds over the
/// instruction offsets and range-checked values, the padded step count, the relocated segment bounds
/// (program, execution, then the layout's builtins in layout order) and the public memory.
/// </summary>
public sealed record PublicInput(
    string Layout,
    long RcMin,
    long RcMax,
    long NSteps,
    IReadOnlyList<KeyValuePair<string, SegmentAddresses>> MemorySegments,
    IReadOnlyList<PublicMemoryEntry> PublicMemory);
