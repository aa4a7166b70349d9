using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zetina.Stark.Field;

/// <summary>
/// Element-wise field operations over spans: the building blocks the NTT, the LDE and the constraint
/// evaluator loop over. Each writes <c>destination[i]</c> for i below the inputs' common length; the
/// destination may alias an input. No allocation; no bounds check per element.
/// </summary>
public static class FeltSpan
{
    /// <summary>destination[i] = a[i] + b[i].</summary>
    public static void Add(ReadOnlySpan<Felt> a, ReadOnlySpan<Felt> b, Span<Felt> destination)
    {
        int n = CheckLengths(a.Length, b.Length, destination.Length);
        ref Felt ra = ref MemoryMarshal.GetReference(a);
        ref Felt rb = ref MemoryMarshal.GetReference(b);
        ref Felt rd = ref MemoryMarshal.GetReference(destination);
        int i;
        unsafe
        {
            fixed (Felt* pa = a, pb = b, pd = destination) i = FeltLanes.Add(pa, pb, pd, n);
        }
        for (; i < n; i++) Unsafe.Add(ref rd, i) = Felt.Add(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i));
    }

    /// <summary>
    /// values[i] ← Σ_{m ≥ i} values[m], in place: the running sums from the end (a synthetic division's chain of
    /// additions). The native kernel scans the trailing multiple of eight in registers; the rest is finished here.
    /// </summary>
    public static void SuffixSums(Span<Felt> values)
    {
        int n = values.Length, done = 0;
        if (FeltLanes.UsesNative && n >= NativeLanes.Lanes)
        {
            unsafe
            {
                fixed (Felt* p = values) done = NativeLanes.SuffixSums(p, n);
            }
        }
        // The last value is its own sum; below the kernel's part each value adds the sum after it.
        for (int i = n - Math.Max(done, 1) - 1; i >= 0; i--) values[i] = Felt.Add(values[i], values[i + 1]);
    }

    /// <summary>destination[i] = a[i] − b[i].</summary>
    public static void Sub(ReadOnlySpan<Felt> a, ReadOnlySpan<Felt> b, Span<Felt> destination)
    {
        int n = CheckLengths(a.Length, b.Length, destination.Length);
        ref Felt ra = ref MemoryMarshal.GetReference(a);
        ref Felt rb = ref MemoryMarshal.GetReference(b);
        ref Felt rd = ref MemoryMarshal.GetReference(destination);
        int i;
        unsafe
        {
            fixed (Felt* pa = a, pb = b, pd = destination) i = FeltLanes.Sub(pa, pb, pd, n);
        }
        for (; i < n; i++) Unsafe.Add(ref rd, i) = Felt.Sub(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i));
    }

    /// <summary>destination[i] = a[i] · b[i].</summary>
    public static void Mul(ReadOnlySpan<Felt> a, ReadOnlySpan<Felt> b, Span<Felt> destination)
    {
        int n = CheckLengths(a.Length, b.Length, destination.Length);
        ref Felt ra = ref MemoryMarshal.GetReference(a);
        ref Felt rb = ref MemoryMarshal.GetReference(b);
        ref Felt rd = ref MemoryMarshal.GetReference(destination);
        int i;
        unsafe
        {
            fixed (Felt* pa = a, pb = b, pd = destination) i = FeltLanes.Mul(pa, pb, pd, n);
        }
        for (; i < n; i++) Unsafe.Add(ref rd, i) = Felt.Mul(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i));
    }

    /// <summary>destination[i] = a[i] · s, in SIMD lanes where present.</summary>
    public static void MulScalar(ReadOnlySpan<Felt> a, in Felt s, Span<Felt> destination)
    {
        int n = CheckLengths(a.Length, a.Length, destination.Length);
        ref Felt ra = ref MemoryMarshal.GetReference(a);
        ref Felt rd = ref MemoryMarshal.GetReference(destination);
        Felt k = s;
        a.CopyTo(destination);
        int i;
        unsafe
        {
            fixed (Felt* pd = destination) i = FeltLanes.MulByPowers(pd, n, k, Felt.One);
        }
        for (; i < n; i++) Unsafe.Add(ref rd, i) = Felt.Mul(Unsafe.Add(ref ra, i), k);
    }

    /// <summary>acc[i] += a[i] · s (the inner step of linear combinations of columns), in SIMD lanes where present.</summary>
    public static void MulAddScalar(ReadOnlySpan<Felt> a, in Felt s, Span<Felt> acc)
    {
        int n = CheckLengths(a.Length, a.Length, acc.Length);
        ref Felt ra = ref MemoryMarshal.GetReference(a);
        ref Felt rd = ref MemoryMarshal.GetReference(acc);
        Felt k = s;
        int i;
        unsafe
        {
            fixed (Felt* pa = a, pd = acc) i = FeltLanes.AddScaled(pd, pa, k, n);
        }
        for (; i < n; i++)
        {
            ref Felt d = ref Unsafe.Add(ref rd, i);
            d = Felt.Add(d, Felt.Mul(Unsafe.Add(ref ra, i), k));
        }
    }

    /// <summary>Σ a[i]·b[i], in SIMD lanes where present.</summary>
    public static Felt Dot(ReadOnlySpan<Felt> a, ReadOnlySpan<Felt> b)
    {
        int n = CheckLengths(a.Length, b.Length, b.Length);
        Felt sum;
        int i;
        unsafe
        {
            fixed (Felt* pa = a, pb = b) i = FeltLanes.Dot(pa, pb, n, out sum);
        }
        for (; i < n; i++) sum = Felt.Add(sum, Felt.Mul(a[i], b[i]));
        return sum;
    }

    /// <summary>destination[i] = start · step^i (geometric sequence: powers of a root of unity, coset points).</summary>
    public static void Powers(in Felt start, in Felt step, Span<Felt> destination)
    {
        Felt x = start;
        Felt g = step;
        // In lanes: ones times start·step^i; the scalar chain finishes the rest.
        destination.Fill(Felt.One);
        int done;
        unsafe
        {
            fixed (Felt* pd = destination) done = FeltLanes.MulByPowers(pd, destination.Length, x, g);
        }
        if (done > 0) x = Felt.Mul(x, g.Pow((ulong)done));
        for (int i = done; i < destination.Length; i++)
        {
            destination[i] = x;
            x = Felt.Mul(x, g);
        }
    }

    private static int CheckLengths(int a, int b, int d)
    {
        if (a != b || d < a) ThrowLengths(a, b, d);
        return a;
    }

    private static void ThrowLengths(int a, int b, int d) =>
        throw new ArgumentException($"span lengths disagree: inputs {a} and {b}, destination {d}");
}
