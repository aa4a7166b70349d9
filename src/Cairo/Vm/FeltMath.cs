using System.Runtime.CompilerServices;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Vm;

/// <summary>Conversions between felts and machine integers that the VM, builtins and hints share.</summary>
public static class FeltMath
{
    /// <summary>
    /// Reads <paramref name="f"/> as a signed integer: x when x &lt; 2^62, x − p when p − x ≤ 2^62. Returns false
    /// for every other value. Cost: one Montgomery reduction.
    /// </summary>
    public static bool TryToSmallSigned(in Felt f, out long value)
    {
        f.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        if ((x1 | x2 | x3) == 0 && x0 < (1UL << 62))
        {
            value = (long)x0;
            return true;
        }
        Felt neg = Felt.Neg(f);
        neg.ToCanonical(out x0, out x1, out x2, out x3);
        if ((x1 | x2 | x3) == 0 && x0 <= (1UL << 62))
        {
            value = -(long)x0;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>The canonical value when it is below 2^64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryToUInt64(in Felt f, out ulong value)
    {
        f.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        value = x0;
        return (x1 | x2 | x3) == 0;
    }

    /// <summary>A signed integer as a felt (negative values as p − |v|).</summary>
    public static Felt FromInt64(long v) => v >= 0 ? Felt.FromUInt64((ulong)v) : Felt.Neg(Felt.FromUInt64((ulong)-v));
}
