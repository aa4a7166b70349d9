using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Errors;

/// <summary>Memory is write-once: a cell holding <see cref="Existing"/> was written with <see cref="Attempted"/>.</summary>
public sealed class WriteConflictException(Relocatable address, MaybeRelocatable existing, MaybeRelocatable attempted)
    : CairoException(CairoErrorKind.WriteConflict,
        $"memory write conflict at {address}: it holds {existing}, the program wrote {attempted}")
{
    public Relocatable Address { get; } = address;
    public MaybeRelocatable Existing { get; } = existing;
    public MaybeRelocatable Attempted { get; } = attempted;
}
