using Zetina.Stark.Field;

namespace Zetina.Cairo.Vm;

/// <summary>
/// An element of QM31, the degree-4 extension of the Mersenne field M31 (p = 2^31 − 1) that S-two proves over:
/// QM31 = CM31[u]/(u² − (2 + i)), CM31 = M31[i]/(i² + 1). The QM31 opcode extension computes in it.
/// </summary>
/// <remarks>
/// A felt carries a QM31 packed in its low 144 bits as four 36-bit slots, a + b·2^36 + c·2^72 + d·2^108, each
/// coordinate below 2^31 − 1 (canonical); any other felt is not a QM31 (the reference VMs' <c>unpack_from_felt</c>).
/// The element is (a + b·i) + (c + d·i)·u.
/// </remarks>
internal readonly record struct Qm31(uint A, uint B, uint C, uint D)
{
    /// <summary>The Mersenne prime 2^31 − 1.</summary>
    public const uint P = int.MaxValue;

    private const ulong Slot = (1UL << 36) - 1;

    /// <summary>Unpacks a felt; false when it is not four canonical coordinates in 36-bit slots below 2^144.</summary>
    public static bool TryUnpack(in Felt packed, out Qm31 value)
    {
        packed.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        value = default;
        if (x3 != 0 || x2 >= 1UL << 16) return false;
        ulong a = x0 & Slot;
        ulong b = (x0 >> 36) | ((x1 & 0xFF) << 28);
        ulong c = (x1 >> 8) & Slot;
        ulong d = (x1 >> 44) | (x2 << 20);
        if (a >= P || b >= P || c >= P || d >= P) return false;
        value = new Qm31((uint)a, (uint)b, (uint)c, (uint)d);
        return true;
    }

    /// <summary>Packs the element into a felt (the inverse of <see cref="TryUnpack"/>).</summary>
    public Felt Pack()
    {
        ulong x0 = A | ((ulong)B << 36);
        ulong x1 = (B >> 28) | ((ulong)C << 8) | ((ulong)D << 44);
        ulong x2 = D >> 20;
        return Felt.FromLimbsReduced(x0, x1, x2, 0);
    }

    /// <summary>Coordinate-wise sum.</summary>
    public static Qm31 operator +(Qm31 x, Qm31 y) => new(Add(x.A, y.A), Add(x.B, y.B), Add(x.C, y.C), Add(x.D, y.D));

    /// <summary>Coordinate-wise difference.</summary>
    public static Qm31 operator -(Qm31 x, Qm31 y) => new(Sub(x.A, y.A), Sub(x.B, y.B), Sub(x.C, y.C), Sub(x.D, y.D));

    /// <summary>
    /// (x0 + x1·u)(y0 + y1·u) = x0·y0 + R·x1·y1 + (x0·y1 + x1·y0)·u with x_k, y_k in CM31 and R = u² = 2 + i.
    /// </summary>
    public static Qm31 operator *(Qm31 x, Qm31 y)
    {
        (uint x0r, uint x0i, uint x1r, uint x1i) = (x.A, x.B, x.C, x.D);
        (uint y0r, uint y0i, uint y1r, uint y1i) = (y.A, y.B, y.C, y.D);
        (uint ar, uint ai) = CMul(x0r, x0i, y0r, y0i);
        (uint br, uint bi) = CMul(x1r, x1i, y1r, y1i);
        (uint rbr, uint rbi) = CMul(2, 1, br, bi);
        (uint cr, uint ci) = CMul(x0r, x0i, y1r, y1i);
        (uint dr, uint di) = CMul(x1r, x1i, y0r, y0i);
        return new Qm31(Add(ar, rbr), Add(ai, rbi), Add(cr, dr), Add(ci, di));
    }

    /// <summary>Whether this is the zero element.</summary>
    public bool IsZero => (A | B | C | D) == 0;

    /// <summary>
    /// The inverse: with x = x0 + x1·u, x·(x0 − x1·u) = x0² − R·x1² lies in CM31, whose inverse is the conjugate over the
    /// norm in M31. Throws <see cref="DivideByZeroException"/> for zero.
    /// </summary>
    public Qm31 Inverse()
    {
        if (IsZero) throw new DivideByZeroException("QM31 zero has no inverse");
        (uint s0r, uint s0i) = CMul(A, B, A, B);
        (uint s1r, uint s1i) = CMul(C, D, C, D);
        (uint rs1r, uint rs1i) = CMul(2, 1, s1r, s1i);
        uint nr = Sub(s0r, rs1r), ni = Sub(s0i, rs1i);
        // (nr + ni·i)^-1 = (nr − ni·i) / (nr² + ni²).
        uint norm = Add(MMul(nr, nr), MMul(ni, ni));
        uint invNorm = MPow(norm, P - 2);
        uint ir = MMul(nr, invNorm), ii = MMul(Sub(0, ni), invNorm);
        // x^-1 = (x0 − x1·u) · (n)^-1.
        (uint r0, uint i0) = CMul(A, B, ir, ii);
        (uint r1, uint i1) = CMul(Sub(0, C), Sub(0, D), ir, ii);
        return new Qm31(r0, i0, r1, i1);
    }

    /// <summary>x / y; throws <see cref="DivideByZeroException"/> when y is zero.</summary>
    public static Qm31 operator /(Qm31 x, Qm31 y) => x * y.Inverse();

    private static (uint, uint) CMul(uint ar, uint ai, uint br, uint bi) =>
        (Sub(MMul(ar, br), MMul(ai, bi)), Add(MMul(ar, bi), MMul(ai, br)));

    private static uint Add(uint a, uint b)
    {
        uint s = a + b;
        return s >= P ? s - P : s;
    }

    private static uint Sub(uint a, uint b) => a >= b ? a - b : a + P - b;

    private static uint MMul(uint a, uint b)
    {
        ulong t = (ulong)a * b;
        ulong r = (t & P) + (t >> 31);
        r = (r & P) + (r >> 31);
        return r >= P ? (uint)(r - P) : (uint)r;
    }

    private static uint MPow(uint a, uint e)
    {
        uint r = 1;
        while (e != 0)
        {
            if ((e & 1) != 0) r = MMul(r, a);
            a = MMul(a, a);
            e >>= 1;
        }
        return r;
    }
}
