using Zetina.Stark.Field;

namespace Zetina.Cairo.Run;

/// <summary>One entry of <c>public_memory</c>: a cell the verifier sees (address, value) on a page.</summary>
public readonly record struct PublicMemoryEntry(ulong Address, Felt Value, int Page);
