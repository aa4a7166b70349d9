using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zetina.Stark.Field;

/// <summary>
/// Field arithmetic on <see cref="Vector{T}"/>.Count elements at once (4 with AVX2, the x86-64-v3 build; 8 where
/// <c>Vector&lt;T&gt;</c> is 512 bits): the span products and the NTT butterflies. Results are bit-identical to
/// <see cref="Felt"/>'s scalar arithmetic. Each entry point processes the leading multiple of the lane count and
/// returns it; the caller finishes the rest with scalar arithmetic.
/// </summary>
/// <remarks>
/// <para>Why: the scalar Montgomery product is bound by 64×64→128 products and carry chains the JIT schedules poorly
/// (about 32 ns a product on the 2-core reference machine); SIMD has neither a 64×64→128 product nor a carry flag, so
/// each lane holds its element in smaller limbs whose products and carries fit in 64 bits.</para>
/// <para>Two limb layouts implement <see cref="ILaneElements{TSelf, TFactor}"/>, and every entry point is written once
/// over it: <see cref="Limbs52"/>, five 52-bit limbs whose partial products are split exactly by fused multiply-add
/// in double precision (the default wherever FMA exists, which the x86-64-v3 build guarantees), and
/// <see cref="Digits"/>, eight 32-bit digits multiplied by <c>vpmuludq</c> (the fallback, and the reference the
/// first is tested against).</para>
/// <para><see cref="Vector{T}"/> rather than a fixed width: its operators are compiler intrinsics, so the hundreds of
/// operations of a product cost no inlining budget, and the native-AOT build (x86-64-v3) gets the AVX2 path.</para>
/// </remarks>
internal static unsafe partial class FeltLanes
{
    /// <summary>Elements per vector when the lane path runs here, else 1.</summary>
    public static int Lanes { get; } =
        Vector<ulong>.Count == 4 && Avx2.IsSupported && Vector256.IsHardwareAccelerated ? 4
        : Vector<ulong>.Count == 8 && Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? 8
        : 1;

    /// <summary>
    /// Whether the entry points use <see cref="Limbs52"/>: fused multiply-add must be a hardware instruction, since
    /// a software fallback would be slower than the digits. Benchmarks may switch it off to time the fallback in the
    /// same run (both layouts give the same numbers); switching it on where FMA is missing throws.
    /// </summary>
    public static bool UsesFma52
    {
        get => s_usesFma52;
        internal set
        {
            if (value && !(Lanes > 1 && Fma.IsSupported)) throw new PlatformNotSupportedException("the 52-bit lane layout needs vector lanes and FMA");
            s_usesFma52 = value;
        }
    }

    private static bool s_usesFma52 = Lanes > 1 && Fma.IsSupported;

    /// <summary>
    /// Whether the entry points first run the native AVX-512 IFMA kernel (<see cref="NativeLanes"/>) on the leading
    /// multiple of its eight lanes, the managed lanes finishing the rest. On wherever the kernel is supported;
    /// benchmarks and tests switch it off to time or compare the managed lanes in the same run (both give the same
    /// numbers); switching it on where the kernel is missing throws.
    /// </summary>
    public static bool UsesNative
    {
        get => s_usesNative;
        internal set
        {
            if (value && !NativeLanes.IsSupported) throw new PlatformNotSupportedException("the native field kernel is not loaded or this CPU lacks AVX-512 IFMA");
            s_usesNative = value;
        }
    }

    private static bool s_usesNative = NativeLanes.IsSupported;

    /// <summary>A short description for benchmark headers.</summary>
    public static string Description => (UsesNative ? "AVX-512 IFMA native kernel, 8 lanes; then " : "") + Lanes switch
    {
        8 => UsesFma52 ? "AVX-512, 8 lanes, 52-bit limbs by FMA" : "AVX-512, 8 lanes, 32-bit digits",
        4 => (UsesFma52 ? "AVX2, 4 lanes, 52-bit limbs by FMA" : "AVX2, 4 lanes, 32-bit digits")
            + (!UsesNative && Avx512F.IsSupported ? " (AVX-512 present, unused)" : ""),
        _ => "scalar 64-bit limbs",
    };

    /// <summary>destination[i] = a[i]·b[i] for the leading multiple of <see cref="Lanes"/>; destination may alias an input.</summary>
    public static int Mul(Felt* a, Felt* b, Felt* destination, int count)
    {
        int done = UsesNative ? NativeLanes.Mul(a, b, destination, count) : 0;
        a += done; b += done; destination += done; count -= done;
        return done + (Lanes == 1 ? 0
            : UsesFma52 ? Mul<Limbs52, Limbs52.Factor>(a, b, destination, count)
            : Mul<Digits, Digits>(a, b, destination, count));
    }

    /// <summary>
    /// The radix-2 butterflies (a[i], b[i]) ← (a[i] + w[i]·b[i], a[i] − w[i]·b[i]) for the leading multiple of
    /// <see cref="Lanes"/>.
    /// </summary>
    public static int Butterflies(Felt* a, Felt* b, Felt* w, int count)
    {
        int done = UsesNative ? NativeLanes.Butterflies(a, b, w, count) : 0;
        a += done; b += done; w += done; count -= done;
        return done + (Lanes == 1 ? 0
            : UsesFma52 ? Butterflies<Limbs52, Limbs52.Factor>(a, b, w, count)
            : Butterflies<Digits, Digits>(a, b, w, count));
    }

    /// <summary>
    /// Two consecutive radix-2 stages on quadruples (q0[i], q1[i], q2[i], q3[i]) = elements j, j + m, j + 2m, j + 3m of a
    /// block of 4m: stage m pairs (q0, q1) and (q2, q3) with twiddle <paramref name="wm"/>[i] = ω_{2m}^j, then stage 2m
    /// pairs (q0, q2) with <paramref name="w2m0"/>[i] = ω_{4m}^j and (q1, q3) with <paramref name="w2m1"/>[i] = ω_{4m}^{j+m}.
    /// One load and one store per element for two stages. Returns the count processed (leading multiple of <see cref="Lanes"/>).
    /// </summary>
    public static int ButterflyPairs(Felt* q0, Felt* q1, Felt* q2, Felt* q3, Felt* wm, Felt* w2m0, Felt* w2m1, int count)
    {
        int done = UsesNative ? NativeLanes.ButterflyPairs(q0, q1, q2, q3, wm, w2m0, w2m1, count) : 0;
        q0 += done; q1 += done; q2 += done; q3 += done; wm += done; w2m0 += done; w2m1 += done; count -= done;
        return done + (Lanes == 1 ? 0
            : UsesFma52 ? ButterflyPairs<Limbs52, Limbs52.Factor>(q0, q1, q2, q3, wm, w2m0, w2m1, count)
            : ButterflyPairs<Digits, Digits>(q0, q1, q2, q3, wm, w2m0, w2m1, count));
    }

    /// <summary>
    /// The decimation-in-frequency butterflies (a[i], b[i]) ← (a[i] + b[i], (a[i] − b[i])·w[i]) for the leading multiple of
    /// <see cref="Lanes"/> (or of the native kernel's eight, then of the lanes). Returns the count processed.
    /// </summary>
    public static int DifButterflies(Felt* a, Felt* b, Felt* w, int count)
    {
        int done = UsesNative ? NativeLanes.DifButterflies(a, b, w, count) : 0;
        a += done; b += done; w += done; count -= done;
        return done + (Lanes == 1 ? 0
            : UsesFma52 ? DifButterflies<Limbs52, Limbs52.Factor>(a, b, w, count)
            : DifButterflies<Digits, Digits>(a, b, w, count));
    }

    /// <summary>
    /// Two consecutive decimation-in-frequency stages on quadruples (q0[i], q1[i], q2[i], q3[i]) = elements j, j + h/2,
    /// j + h, j + 3h/2 of a block of 2h: stage h pairs (q0, q2) with <paramref name="w2h0"/>[i] = ω_{2h}^j and (q1, q3)
    /// with <paramref name="w2h1"/>[i] = ω_{2h}^{j+h/2}, then stage h/2 pairs (q0, q1) and (q2, q3) with
    /// <paramref name="wh"/>[i] = ω_h^j. Returns the count processed.
    /// </summary>
    public static int DifButterflyPairs(Felt* q0, Felt* q1, Felt* q2, Felt* q3, Felt* w2h0, Felt* w2h1, Felt* wh, int count)
    {
        int done = UsesNative ? NativeLanes.DifButterflyPairs(q0, q1, q2, q3, w2h0, w2h1, wh, count) : 0;
        q0 += done; q1 += done; q2 += done; q3 += done; w2h0 += done; w2h1 += done; wh += done; count -= done;
        return done + (Lanes == 1 ? 0
            : UsesFma52 ? DifButterflyPairs<Limbs52, Limbs52.Factor>(q0, q1, q2, q3, w2h0, w2h1, wh, count)
            : DifButterflyPairs<Digits, Digits>(q0, q1, q2, q3, w2h0, w2h1, wh, count));
    }

    /// <summary>
    /// values[i] ← values[i]·start·step^i for the leading multiple of <see cref="Lanes"/> (a coset shift's powers, or a
    /// constant when step is one). Returns the count processed.
    /// </summary>
    public static int MulByPowers(Felt* values, int count, Felt start, Felt step)
    {
        int done = 0;
        if (UsesNative && count >= NativeLanes.Lanes)
        {
            const int L = NativeLanes.Lanes;
            Felt* powers = stackalloc Felt[L];
            Felt* stride = stackalloc Felt[L];
            Felt x = start;
            for (int k = 0; k < L; k++)
            {
                powers[k] = x;
                x = Felt.Mul(x, step);
            }
            Felt stepToLanes = step.Pow(L);
            for (int k = 0; k < L; k++) stride[k] = stepToLanes;
            done = NativeLanes.MulByPowers(values, count, powers, stride, step.IsOne ? 1 : 0);
            values += done; count -= done;
            if (!step.IsOne) start = Felt.Mul(start, step.Pow((ulong)done));
        }
        return done + (Lanes == 1 ? 0
            : UsesFma52 ? MulByPowers<Limbs52, Limbs52.Factor>(values, count, start, step)
            : MulByPowers<Digits, Digits>(values, count, start, step));
    }

    /// <summary>
    /// accumulator[i] ← accumulator[i] + c·x[i] for the leading multiple of <see cref="Lanes"/> (one term of a random
    /// linear combination of columns). Returns the count processed.
    /// </summary>
    public static int AddScaled(Felt* accumulator, Felt* x, Felt c, int count)
    {
        int done = UsesNative ? NativeLanes.AddScaled(accumulator, x, &c, count) : 0;
        accumulator += done; x += done; count -= done;
        return done + (Lanes == 1 ? 0
            : UsesFma52 ? AddScaled<Limbs52, Limbs52.Factor>(accumulator, x, c, count)
            : AddScaled<Digits, Digits>(accumulator, x, c, count));
    }

    /// <summary>
    /// Σ a[i]·b[i] over the leading multiple of <see cref="Lanes"/> into <paramref name="sum"/> (one partial sum per lane,
    /// added at the end). Returns the count processed.
    /// </summary>
    public static int Dot(Felt* a, Felt* b, int count, out Felt sum)
    {
        int done = 0;
        Felt native = Felt.Zero;
        if (UsesNative)
        {
            Felt* partial = stackalloc Felt[NativeLanes.Lanes];
            done = NativeLanes.Dot(a, b, count, partial);
            for (int k = 0; k < NativeLanes.Lanes; k++) native = Felt.Add(native, partial[k]);
            a += done; b += done; count -= done;
        }
        if (Lanes == 1) { sum = native; return done; }
        int rest = UsesFma52 ? Dot<Limbs52, Limbs52.Factor>(a, b, count, out sum) : Dot<Digits, Digits>(a, b, count, out sum);
        sum = Felt.Add(sum, native);
        return done + rest;
    }

    /// <summary>
    /// Inverts the leading multiple of <see cref="Lanes"/> elements (all nonzero) by Montgomery's trick run as
    /// <see cref="Lanes"/> interleaved chains — lane k multiplies the elements i ≡ k (mod Lanes) — so the chains' products
    /// overlap instead of waiting on one another; one scalar inversion per lane closes them. <paramref name="prefix"/>
    /// holds <paramref name="count"/> elements of scratch. Returns the count processed (0 when short or without lanes).
    /// </summary>
    public static int BatchInverse(Felt* values, Felt* result, Felt* prefix, int count)
    {
        if (UsesNative && count >= 16 * NativeLanes.Lanes)
        {
            const int L = NativeLanes.Lanes;
            int done = NativeLanes.ChainProducts(values, prefix, count);
            // The eight chains' products inverted together: one field inversion, not eight.
            Felt* inverses = stackalloc Felt[L];
            Felt* partial = stackalloc Felt[L];
            Felt acc = Felt.One;
            for (int k = 0; k < L; k++) partial[k] = acc = Felt.Mul(acc, prefix[done - L + k]);
            Felt inverse = acc.Inverse();
            for (int k = L - 1; k > 0; k--)
            {
                inverses[k] = Felt.Mul(inverse, partial[k - 1]);
                inverse = Felt.Mul(inverse, prefix[done - L + k]);
            }
            inverses[0] = inverse;
            NativeLanes.ChainInverses(values, result, prefix, inverses, done);
            return done;
        }
        return Lanes == 1 || count < 16 * Lanes ? 0
            : UsesFma52 ? BatchInverse<Limbs52, Limbs52.Factor>(values, result, prefix, count)
            : BatchInverse<Digits, Digits>(values, result, prefix, count);
    }

    /// <summary>destination[i] = a[i] + b[i] for the leading multiple of the lanes; destination may alias an input. Returns the count processed.</summary>
    public static int Add(Felt* a, Felt* b, Felt* destination, int count)
    {
        int done = UsesNative ? NativeLanes.Add(a, b, destination, count) : 0;
        a += done; b += done; destination += done; count -= done;
        return done + (Lanes == 1 ? 0
            : UsesFma52 ? AddOrSub<Limbs52, Limbs52.Factor>(a, b, destination, count, subtract: false)
            : AddOrSub<Digits, Digits>(a, b, destination, count, subtract: false));
    }

    /// <summary>destination[i] = a[i] − b[i] for the leading multiple of the lanes; destination may alias an input. Returns the count processed.</summary>
    public static int Sub(Felt* a, Felt* b, Felt* destination, int count)
    {
        int done = UsesNative ? NativeLanes.Sub(a, b, destination, count) : 0;
        a += done; b += done; destination += done; count -= done;
        return done + (Lanes == 1 ? 0
            : UsesFma52 ? AddOrSub<Limbs52, Limbs52.Factor>(a, b, destination, count, subtract: true)
            : AddOrSub<Digits, Digits>(a, b, destination, count, subtract: true));
    }

    /// <summary>destination = a ± b over the leading multiple of the lane count.</summary>
    internal static int AddOrSub<T, TFactor>(Felt* a, Felt* b, Felt* destination, int count, bool subtract)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        if (subtract)
            for (int i = 0; i < done; i += Lanes) T.Sub(T.Load(a + i), T.Load(b + i)).Store(destination + i);
        else
            for (int i = 0; i < done; i += Lanes) T.Add(T.Load(a + i), T.Load(b + i)).Reduce().Store(destination + i);
        return done;
    }

    /// <summary>
    /// <see cref="Lanes"/> field elements in some limb layout: what every entry point needs, so each is written once for
    /// both layouts (static abstract members on structs: specialised per layout, nothing virtual at run time).
    /// </summary>
    /// <typeparam name="TSelf">the layout of a value (normalised limbs)</typeparam>
    /// <typeparam name="TFactor">the layout of a product's second operand, prepared once where it is reused (twiddles)</typeparam>
    internal interface ILaneElements<TSelf, TFactor>
        where TSelf : struct, ILaneElements<TSelf, TFactor>
        where TFactor : struct
    {
        /// <summary>Reads <see cref="Lanes"/> consecutive elements (each below p).</summary>
        static abstract TSelf Load(Felt* source);

        /// <summary>Reads <see cref="Lanes"/> consecutive elements (each below p) as second operands of <see cref="Product"/>.</summary>
        static abstract TFactor LoadFactor(Felt* source);

        /// <summary>A value in [0, 2p) prepared as a second operand of <see cref="Product"/>.</summary>
        static abstract TFactor AsFactor(in TSelf value);

        /// <summary>The Montgomery product x·y·2^−256: a value in [0, 2p) for inputs in [0, 2p).</summary>
        static abstract TSelf Product(in TSelf x, in TFactor y);

        /// <summary>u + v: a value in [0, 2p) for inputs in [0, p) (follow with <see cref="Reduce"/>).</summary>
        static abstract TSelf Add(in TSelf u, in TSelf v);

        /// <summary>u − v mod p in [0, p) for inputs in [0, p).</summary>
        static abstract TSelf Sub(in TSelf u, in TSelf v);

        /// <summary>Maps a value in [0, 2p) to [0, p).</summary>
        TSelf Reduce();

        /// <summary>Writes the elements; each must be below p.</summary>
        void Store(Felt* destination);
    }

    /// <inheritdoc cref="Mul(Felt*, Felt*, Felt*, int)"/>
    internal static int Mul<T, TFactor>(Felt* a, Felt* b, Felt* destination, int count)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        for (int i = 0; i < done; i += Lanes)
        {
            T x = T.Load(a + i);
            TFactor y = T.LoadFactor(b + i);
            T.Product(x, y).Reduce().Store(destination + i);
        }
        return done;
    }

    /// <inheritdoc cref="Butterflies(Felt*, Felt*, Felt*, int)"/>
    internal static int Butterflies<T, TFactor>(Felt* a, Felt* b, Felt* w, int count)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        for (int i = 0; i < done; i += Lanes)
        {
            T t = T.Product(T.Load(b + i), T.LoadFactor(w + i)).Reduce();
            T u = T.Load(a + i);
            T.Add(u, t).Reduce().Store(a + i);
            T.Sub(u, t).Store(b + i);
        }
        return done;
    }

    /// <inheritdoc cref="ButterflyPairs(Felt*, Felt*, Felt*, Felt*, Felt*, Felt*, Felt*, int)"/>
    internal static int ButterflyPairs<T, TFactor>(Felt* q0, Felt* q1, Felt* q2, Felt* q3, Felt* wm, Felt* w2m0, Felt* w2m1, int count)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        for (int i = 0; i < done; i += Lanes)
        {
            T a0 = T.Load(q0 + i), a1 = T.Load(q1 + i), a2 = T.Load(q2 + i), a3 = T.Load(q3 + i);
            TFactor w = T.LoadFactor(wm + i);
            T t = T.Product(a1, w).Reduce();
            T b0 = T.Add(a0, t).Reduce(), b1 = T.Sub(a0, t);
            t = T.Product(a3, w).Reduce();
            T b2 = T.Add(a2, t).Reduce(), b3 = T.Sub(a2, t);
            t = T.Product(b2, T.LoadFactor(w2m0 + i)).Reduce();
            T.Add(b0, t).Reduce().Store(q0 + i);
            T.Sub(b0, t).Store(q2 + i);
            t = T.Product(b3, T.LoadFactor(w2m1 + i)).Reduce();
            T.Add(b1, t).Reduce().Store(q1 + i);
            T.Sub(b1, t).Store(q3 + i);
        }
        return done;
    }

    /// <inheritdoc cref="DifButterflies(Felt*, Felt*, Felt*, int)"/>
    internal static int DifButterflies<T, TFactor>(Felt* a, Felt* b, Felt* w, int count)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        for (int i = 0; i < done; i += Lanes)
        {
            T u = T.Load(a + i), v = T.Load(b + i);
            T.Add(u, v).Reduce().Store(a + i);
            T.Product(T.Sub(u, v), T.LoadFactor(w + i)).Reduce().Store(b + i);
        }
        return done;
    }

    /// <inheritdoc cref="DifButterflyPairs(Felt*, Felt*, Felt*, Felt*, Felt*, Felt*, Felt*, int)"/>
    internal static int DifButterflyPairs<T, TFactor>(Felt* q0, Felt* q1, Felt* q2, Felt* q3, Felt* w2h0, Felt* w2h1, Felt* wh, int count)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        for (int i = 0; i < done; i += Lanes)
        {
            T a0 = T.Load(q0 + i), a1 = T.Load(q1 + i), a2 = T.Load(q2 + i), a3 = T.Load(q3 + i);
            T t0 = T.Add(a0, a2).Reduce(), t2 = T.Product(T.Sub(a0, a2), T.LoadFactor(w2h0 + i)).Reduce();
            T t1 = T.Add(a1, a3).Reduce(), t3 = T.Product(T.Sub(a1, a3), T.LoadFactor(w2h1 + i)).Reduce();
            TFactor w = T.LoadFactor(wh + i);
            T.Add(t0, t1).Reduce().Store(q0 + i);
            T.Product(T.Sub(t0, t1), w).Reduce().Store(q1 + i);
            T.Add(t2, t3).Reduce().Store(q2 + i);
            T.Product(T.Sub(t2, t3), w).Reduce().Store(q3 + i);
        }
        return done;
    }

    /// <inheritdoc cref="MulByPowers(Felt*, int, Felt, Felt)"/>
    internal static int MulByPowers<T, TFactor>(Felt* values, int count, Felt start, Felt step)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        Felt* powers = stackalloc Felt[Lanes];
        Felt* stride = stackalloc Felt[Lanes];
        Felt x = start;
        for (int k = 0; k < Lanes; k++)
        {
            powers[k] = x;
            x = Felt.Mul(x, step);
        }
        Felt stepToLanes = step.Pow((ulong)Lanes);
        for (int k = 0; k < Lanes; k++) stride[k] = stepToLanes;
        T current = T.Load(powers);
        TFactor factor = T.LoadFactor(powers), advance = T.LoadFactor(stride);
        bool constant = step.IsOne;
        for (int i = 0; i < done; i += Lanes)
        {
            T.Product(T.Load(values + i), factor).Reduce().Store(values + i);
            if (!constant)
            {
                current = T.Product(current, advance).Reduce();
                factor = T.AsFactor(current);
            }
        }
        return done;
    }

    /// <inheritdoc cref="AddScaled(Felt*, Felt*, Felt, int)"/>
    internal static int AddScaled<T, TFactor>(Felt* accumulator, Felt* x, Felt c, int count)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        Felt* broadcast = stackalloc Felt[Lanes];
        for (int k = 0; k < Lanes; k++) broadcast[k] = c;
        TFactor factor = T.LoadFactor(broadcast);
        for (int i = 0; i < done; i += Lanes)
            T.Add(T.Load(accumulator + i), T.Product(T.Load(x + i), factor).Reduce()).Reduce().Store(accumulator + i);
        return done;
    }

    /// <inheritdoc cref="Dot(Felt*, Felt*, int, out Felt)"/>
    internal static int Dot<T, TFactor>(Felt* a, Felt* b, int count, out Felt sum)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        Felt* partial = stackalloc Felt[Lanes];
        for (int k = 0; k < Lanes; k++) partial[k] = Felt.Zero;
        T acc = T.Load(partial);
        for (int i = 0; i < done; i += Lanes)
            acc = T.Add(acc, T.Product(T.Load(a + i), T.LoadFactor(b + i)).Reduce()).Reduce();
        acc.Store(partial);
        sum = Felt.Zero;
        for (int k = 0; k < Lanes; k++) sum = Felt.Add(sum, partial[k]);
        return done;
    }

    /// <inheritdoc cref="BatchInverse(Felt*, Felt*, Felt*, int)"/>
    internal static int BatchInverse<T, TFactor>(Felt* values, Felt* result, Felt* prefix, int count)
        where T : struct, ILaneElements<T, TFactor> where TFactor : struct
    {
        int done = count & ~(Lanes - 1);
        // prefix[j] = v_{j mod L} · v_{j mod L + L} · … · v_j, lane by lane.
        T running = T.Load(values);
        running.Store(prefix);
        for (int i = Lanes; i < done; i += Lanes)
        {
            running = T.Product(running, T.LoadFactor(values + i)).Reduce();
            running.Store(prefix + i);
        }
        Felt* inverses = stackalloc Felt[Lanes];
        for (int k = 0; k < Lanes; k++) inverses[k] = prefix[done - Lanes + k].Inverse();
        // Walking back: v_i⁻¹ = inv·prefix[i − L], then inv ← inv·v_i.
        T inv = T.Load(inverses);
        for (int i = done - Lanes; i > 0; i -= Lanes)
        {
            TFactor vi = T.LoadFactor(values + i); // before the store: result may alias values
            T.Product(inv, T.LoadFactor(prefix + i - Lanes)).Reduce().Store(result + i);
            inv = T.Product(inv, vi).Reduce();
        }
        inv.Store(result);
        return done;
    }

    // AVX-512 transposition: element k's limb j is word 4k + j of the 32 loaded. The first permutation gathers limbs
    // 0 and 1 (or 2 and 3) of four elements into one register, the second joins two such halves; the first index
    // pattern also undoes the second's grouping on the way back.
    private static readonly Vector512<ulong> s_gatherLow = Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13);
    private static readonly Vector512<ulong> s_gatherHigh = Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15);
    private static readonly Vector512<ulong> s_joinLow = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11);
    private static readonly Vector512<ulong> s_joinHigh = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);

    /// <summary>Reads <see cref="Lanes"/> consecutive elements as four planes of limbs (plane j: every element's limb j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadLimbs(Felt* source, out Vector<ulong> l0, out Vector<ulong> l1, out Vector<ulong> l2, out Vector<ulong> l3)
    {
        ulong* q = (ulong*)source;
        if (Vector<ulong>.Count == 4)
        {
            Transpose4(Vector256.Load(q), Vector256.Load(q + 4), Vector256.Load(q + 8), Vector256.Load(q + 12),
                out Vector256<ulong> w0, out Vector256<ulong> w1, out Vector256<ulong> w2, out Vector256<ulong> w3);
            l0 = w0.AsVector(); l1 = w1.AsVector(); l2 = w2.AsVector(); l3 = w3.AsVector();
        }
        else
        {
            Vector512<ulong> v0 = Vector512.Load(q), v1 = Vector512.Load(q + 8), v2 = Vector512.Load(q + 16), v3 = Vector512.Load(q + 24);
            Vector512<ulong> x01lo = Avx512F.PermuteVar8x64x2(v0, s_gatherLow, v1);
            Vector512<ulong> x01hi = Avx512F.PermuteVar8x64x2(v0, s_gatherHigh, v1);
            Vector512<ulong> x23lo = Avx512F.PermuteVar8x64x2(v2, s_gatherLow, v3);
            Vector512<ulong> x23hi = Avx512F.PermuteVar8x64x2(v2, s_gatherHigh, v3);
            l0 = Avx512F.PermuteVar8x64x2(x01lo, s_joinLow, x23lo).AsVector();
            l1 = Avx512F.PermuteVar8x64x2(x01lo, s_joinHigh, x23lo).AsVector();
            l2 = Avx512F.PermuteVar8x64x2(x01hi, s_joinLow, x23hi).AsVector();
            l3 = Avx512F.PermuteVar8x64x2(x01hi, s_joinHigh, x23hi).AsVector();
        }
    }

    /// <summary>Writes four planes of limbs back as <see cref="Lanes"/> consecutive elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreLimbs(Felt* destination, Vector<ulong> l0, Vector<ulong> l1, Vector<ulong> l2, Vector<ulong> l3)
    {
        ulong* q = (ulong*)destination;
        if (Vector<ulong>.Count == 4)
        {
            Transpose4(l0.AsVector256(), l1.AsVector256(), l2.AsVector256(), l3.AsVector256(),
                out Vector256<ulong> w0, out Vector256<ulong> w1, out Vector256<ulong> w2, out Vector256<ulong> w3);
            w0.Store(q); w1.Store(q + 4); w2.Store(q + 8); w3.Store(q + 12);
        }
        else
        {
            Vector512<ulong> x01lo = Avx512F.PermuteVar8x64x2(l0.AsVector512(), s_joinLow, l1.AsVector512());
            Vector512<ulong> x23lo = Avx512F.PermuteVar8x64x2(l0.AsVector512(), s_joinHigh, l1.AsVector512());
            Vector512<ulong> x01hi = Avx512F.PermuteVar8x64x2(l2.AsVector512(), s_joinLow, l3.AsVector512());
            Vector512<ulong> x23hi = Avx512F.PermuteVar8x64x2(l2.AsVector512(), s_joinHigh, l3.AsVector512());
            Avx512F.PermuteVar8x64x2(x01lo, s_gatherLow, x01hi).Store(q);
            Avx512F.PermuteVar8x64x2(x01lo, s_gatherHigh, x01hi).Store(q + 8);
            Avx512F.PermuteVar8x64x2(x23lo, s_gatherLow, x23hi).Store(q + 16);
            Avx512F.PermuteVar8x64x2(x23lo, s_gatherHigh, x23hi).Store(q + 24);
        }
    }

    /// <summary>A 4×4 transposition of 64-bit words (its own inverse): element k's limb j ↔ plane j's lane k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(Vector256<ulong> v0, Vector256<ulong> v1, Vector256<ulong> v2, Vector256<ulong> v3,
        out Vector256<ulong> w0, out Vector256<ulong> w1, out Vector256<ulong> w2, out Vector256<ulong> w3)
    {
        Vector256<ulong> t0 = Avx2.UnpackLow(v0, v1), t1 = Avx2.UnpackHigh(v0, v1);
        Vector256<ulong> t2 = Avx2.UnpackLow(v2, v3), t3 = Avx2.UnpackHigh(v2, v3);
        w0 = Avx2.Permute2x128(t0, t2, 0x20);
        w1 = Avx2.Permute2x128(t1, t3, 0x20);
        w2 = Avx2.Permute2x128(t0, t2, 0x31);
        w3 = Avx2.Permute2x128(t1, t3, 0x31);
    }
}
