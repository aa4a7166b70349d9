using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zetina.Stark.Hashing;

// The compression function F over several independent (state, block) pairs at once, one pair per SIMD element:
// word i of every state sits in one vector, so each step of the scalar G becomes the same vector operation.
public static partial class Blake2s256
{
    /// <summary>
    /// The compression function F (RFC 7693 §3.2) on eight independent states: <paramref name="h8"/>[i] holds word i of
    /// all eight states and <paramref name="message16"/>[i] word i of all eight blocks, pair j in vector element j; the
    /// counter and flags are shared. Equal, pair by pair, to
    /// <see cref="Compress(Span{uint}, ReadOnlySpan{uint}, uint, uint, uint, uint)"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="h8"/> is not 8 vectors or <paramref name="message16"/> not 16.</exception>
    public static void Compress(Span<Vector256<uint>> h8, ReadOnlySpan<Vector256<uint>> message16, uint t0, uint t1, uint f0, uint f1)
    {
        if (h8.Length != 8) throw new ArgumentException($"the state is 8 words, got {h8.Length}", nameof(h8));
        if (message16.Length != 16) throw new ArgumentException($"a block is 16 words, got {message16.Length}", nameof(message16));
        Compress256(ref MemoryMarshal.GetReference(h8), ref MemoryMarshal.GetReference(message16), t0, t1, f0, f1);
    }

    /// <summary>
    /// F on sixteen independent states, laid out as in
    /// <see cref="Compress(Span{Vector256{uint}}, ReadOnlySpan{Vector256{uint}}, uint, uint, uint, uint)"/>.
    /// Fast only where <see cref="Vector512.IsHardwareAccelerated"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="h8"/> is not 8 vectors or <paramref name="message16"/> not 16.</exception>
    public static void Compress(Span<Vector512<uint>> h8, ReadOnlySpan<Vector512<uint>> message16, uint t0, uint t1, uint f0, uint f1)
    {
        if (h8.Length != 8) throw new ArgumentException($"the state is 8 words, got {h8.Length}", nameof(h8));
        if (message16.Length != 16) throw new ArgumentException($"a block is 16 words, got {message16.Length}", nameof(message16));
        Compress512(ref MemoryMarshal.GetReference(h8), ref MemoryMarshal.GetReference(message16), t0, t1, f0, f1);
    }

    /// <summary>F on eight states; the caller guarantees 8 state and 16 message vectors.</summary>
    [SkipLocalsInit]
    internal static void Compress256(ref Vector256<uint> h, ref readonly Vector256<uint> m, uint t0, uint t1, uint f0, uint f1)
    {
        ReadOnlySpan<uint> iv = IV;
        Vector256<uint> v0 = h, v1 = Unsafe.Add(ref h, 1), v2 = Unsafe.Add(ref h, 2), v3 = Unsafe.Add(ref h, 3);
        Vector256<uint> v4 = Unsafe.Add(ref h, 4), v5 = Unsafe.Add(ref h, 5), v6 = Unsafe.Add(ref h, 6), v7 = Unsafe.Add(ref h, 7);
        Vector256<uint> v8 = Vector256.Create(iv[0]), v9 = Vector256.Create(iv[1]), v10 = Vector256.Create(iv[2]), v11 = Vector256.Create(iv[3]);
        Vector256<uint> v12 = Vector256.Create(iv[4] ^ t0), v13 = Vector256.Create(iv[5] ^ t1);
        Vector256<uint> v14 = Vector256.Create(iv[6] ^ f0), v15 = Vector256.Create(iv[7] ^ f1);

        ref Vector256<uint> message = ref Unsafe.AsRef(in m);
        ReadOnlySpan<byte> sigma = Sigma;
        for (int round = 0; round < 10; round++)
        {
            ReadOnlySpan<byte> s = sigma.Slice(16 * round, 16);
            // Columns, then diagonals (RFC 7693 §3.2), the message words in SIGMA's order.
            G(ref v0, ref v4, ref v8, ref v12, Unsafe.Add(ref message, s[0]), Unsafe.Add(ref message, s[1]));
            G(ref v1, ref v5, ref v9, ref v13, Unsafe.Add(ref message, s[2]), Unsafe.Add(ref message, s[3]));
            G(ref v2, ref v6, ref v10, ref v14, Unsafe.Add(ref message, s[4]), Unsafe.Add(ref message, s[5]));
            G(ref v3, ref v7, ref v11, ref v15, Unsafe.Add(ref message, s[6]), Unsafe.Add(ref message, s[7]));
            G(ref v0, ref v5, ref v10, ref v15, Unsafe.Add(ref message, s[8]), Unsafe.Add(ref message, s[9]));
            G(ref v1, ref v6, ref v11, ref v12, Unsafe.Add(ref message, s[10]), Unsafe.Add(ref message, s[11]));
            G(ref v2, ref v7, ref v8, ref v13, Unsafe.Add(ref message, s[12]), Unsafe.Add(ref message, s[13]));
            G(ref v3, ref v4, ref v9, ref v14, Unsafe.Add(ref message, s[14]), Unsafe.Add(ref message, s[15]));
        }

        // h[i] ⊕= v[i] ⊕ v[i + 8].
        h ^= v0 ^ v8;
        Unsafe.Add(ref h, 1) ^= v1 ^ v9;
        Unsafe.Add(ref h, 2) ^= v2 ^ v10;
        Unsafe.Add(ref h, 3) ^= v3 ^ v11;
        Unsafe.Add(ref h, 4) ^= v4 ^ v12;
        Unsafe.Add(ref h, 5) ^= v5 ^ v13;
        Unsafe.Add(ref h, 6) ^= v6 ^ v14;
        Unsafe.Add(ref h, 7) ^= v7 ^ v15;
    }

    /// <summary>F on sixteen states; the caller guarantees 8 state and 16 message vectors.</summary>
    [SkipLocalsInit]
    internal static void Compress512(ref Vector512<uint> h, ref readonly Vector512<uint> m, uint t0, uint t1, uint f0, uint f1)
    {
        ReadOnlySpan<uint> iv = IV;
        Vector512<uint> v0 = h, v1 = Unsafe.Add(ref h, 1), v2 = Unsafe.Add(ref h, 2), v3 = Unsafe.Add(ref h, 3);
        Vector512<uint> v4 = Unsafe.Add(ref h, 4), v5 = Unsafe.Add(ref h, 5), v6 = Unsafe.Add(ref h, 6), v7 = Unsafe.Add(ref h, 7);
        Vector512<uint> v8 = Vector512.Create(iv[0]), v9 = Vector512.Create(iv[1]), v10 = Vector512.Create(iv[2]), v11 = Vector512.Create(iv[3]);
        Vector512<uint> v12 = Vector512.Create(iv[4] ^ t0), v13 = Vector512.Create(iv[5] ^ t1);
        Vector512<uint> v14 = Vector512.Create(iv[6] ^ f0), v15 = Vector512.Create(iv[7] ^ f1);

        ref Vector512<uint> message = ref Unsafe.AsRef(in m);
        ReadOnlySpan<byte> sigma = Sigma;
        for (int round = 0; round < 10; round++)
        {
            ReadOnlySpan<byte> s = sigma.Slice(16 * round, 16);
            G(ref v0, ref v4, ref v8, ref v12, Unsafe.Add(ref message, s[0]), Unsafe.Add(ref message, s[1]));
            G(ref v1, ref v5, ref v9, ref v13, Unsafe.Add(ref message, s[2]), Unsafe.Add(ref message, s[3]));
            G(ref v2, ref v6, ref v10, ref v14, Unsafe.Add(ref message, s[4]), Unsafe.Add(ref message, s[5]));
            G(ref v3, ref v7, ref v11, ref v15, Unsafe.Add(ref message, s[6]), Unsafe.Add(ref message, s[7]));
            G(ref v0, ref v5, ref v10, ref v15, Unsafe.Add(ref message, s[8]), Unsafe.Add(ref message, s[9]));
            G(ref v1, ref v6, ref v11, ref v12, Unsafe.Add(ref message, s[10]), Unsafe.Add(ref message, s[11]));
            G(ref v2, ref v7, ref v8, ref v13, Unsafe.Add(ref message, s[12]), Unsafe.Add(ref message, s[13]));
            G(ref v3, ref v4, ref v9, ref v14, Unsafe.Add(ref message, s[14]), Unsafe.Add(ref message, s[15]));
        }

        h ^= v0 ^ v8;
        Unsafe.Add(ref h, 1) ^= v1 ^ v9;
        Unsafe.Add(ref h, 2) ^= v2 ^ v10;
        Unsafe.Add(ref h, 3) ^= v3 ^ v11;
        Unsafe.Add(ref h, 4) ^= v4 ^ v12;
        Unsafe.Add(ref h, 5) ^= v5 ^ v13;
        Unsafe.Add(ref h, 6) ^= v6 ^ v14;
        Unsafe.Add(ref h, 7) ^= v7 ^ v15;
    }

    /// <summary>The mixing function G (RFC 7693 §3.1) on eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d, Vector256<uint> x, Vector256<uint> y)
    {
        a += b + x;
        d = RotateRight16(d ^ a);
        c += d;
        b = Ror(b ^ c, 12);
        a += b + y;
        d = RotateRight8(d ^ a);
        c += d;
        b = Ror(b ^ c, 7);
    }

    /// <summary>The mixing function G (RFC 7693 §3.1) on sixteen lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector512<uint> a, ref Vector512<uint> b, ref Vector512<uint> c, ref Vector512<uint> d, Vector512<uint> x, Vector512<uint> y)
    {
        a += b + x;
        d = Ror(d ^ a, 16);
        c += d;
        b = Ror(b ^ c, 12);
        a += b + y;
        d = Ror(d ^ a, 8);
        c += d;
        b = Ror(b ^ c, 7);
    }

    /// <summary>Rotation right by a constant: <c>vprord</c> with AVX-512VL, else two shifts and an OR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Ror(Vector256<uint> x, [ConstantExpected(Min = 1, Max = 31)] byte n) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, n) : (x >>> n) | (x << (32 - n));

    /// <summary>Rotation right by a constant: <c>vprord</c> with AVX-512F, else two shifts and an OR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Ror(Vector512<uint> x, [ConstantExpected(Min = 1, Max = 31)] byte n) =>
        Avx512F.IsSupported ? Avx512F.RotateRight(x, n) : (x >>> n) | (x << (32 - n));

    /// <summary>Rotation right by 16 bits: a byte shuffle (<c>vpshufb</c>, one instruction) under AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RotateRight16(Vector256<uint> x) =>
        Avx512F.VL.IsSupported || !Avx2.IsSupported
            ? Ror(x, 16)
            : Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();

    /// <summary>Rotation right by 8 bits: a byte shuffle (<c>vpshufb</c>, one instruction) under AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RotateRight8(Vector256<uint> x) =>
        Avx512F.VL.IsSupported || !Avx2.IsSupported
            ? Ror(x, 8)
            : Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();
}
