namespace Zetina.Cairo.Air.Opcodes;

/// <summary>
/// One Blake2s instruction as a lane instance proves it (docs/cairo-air.md, "Opcode extensions: Blake2s"): the
/// pointers the CPU row hands over (state op0, message op1, the cell ap that holds the output pointer), the counter
/// (dst), the finalize flag, and the words read from and written to memory.
/// </summary>
internal sealed record Blake2sOperation(ulong StatePointer, ulong MessagePointer, ulong Ap, ulong OutputPointer, uint Counter, bool Finalize,
    uint[] State, uint[] Message);
