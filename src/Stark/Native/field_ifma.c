/*
 * Stark252 lane arithmetic on AVX-512 IFMA: eight field elements at once, each as five 52-bit limbs whose 52×52-bit
 * partial products come from vpmadd52luq / vpmadd52huq (the low and high 52 bits of the 104-bit product, added to a
 * 64-bit accumulator) — the instruction pair that exists for exactly this limb size.
 *
 * Every function here computes the same numbers as the managed lanes in src/Stark/Field/FeltLanes*.cs (Limbs52, which
 * gets its partial products from double-precision FMA): the same Montgomery product x·y·2^-256 (R = 2^260 with the
 * second operand entering as 16·y), the same [0, 2p) bounds, the same reduction, and elements stored fully reduced, so
 * results are bit-identical and the managed code is the fallback and the reference the tests compare against.
 *
 * p = 2^251 + 17·2^192 + 1 has the 52-bit limbs (1, 0, 0, 17·2^36, 2^43): p ≡ 1 (mod 2^52), so a Montgomery round's
 * multiplier is m = −column mod 2^52, and m·p touches only three columns.
 *
 * Each entry point processes the leading multiple of 8 of its count and returns it; the caller finishes the rest.
 * zk_field_ifma_supported() says whether this CPU (and the OS, for the 512-bit state) runs these instructions; the
 * caller must not call the others where it returns 0.
 */
#include <immintrin.h>
#include <stdint.h>

/* A field element as the managed Felt stores it: Montgomery form x·2^256 mod p, four little-endian 64-bit limbs. */
typedef struct { uint64_t w[4]; } zk_felt;

#define IFMA __attribute__((target("avx512f,avx512ifma,avx512vl,avx512dq,avx512bw"), always_inline)) static inline
#define IFMA_ENTRY __attribute__((target("avx512f,avx512ifma,avx512vl,avx512dq,avx512bw")))

#define LIMB_MASK ((1ULL << 52) - 1)
#define P3 (17ULL << 36)
#define P4 (1ULL << 43)

typedef struct { __m512i l0, l1, l2, l3, l4; } limbs;  /* normalised: each limb below 2^52 */
typedef struct { __m512i f0, f1, f2, f3, f4; } factor; /* the limbs of 16·y, each below 2^52 */

int zk_field_ifma_supported(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
}

/* Eight consecutive elements as four planes of 64-bit words (plane j: every element's word j). Word 4k + j of the 32
 * loaded is element k's word j; the first permutation gathers words 0 and 1 (or 2 and 3) of four elements, the second
 * joins two such halves. */
IFMA void load_planes(const zk_felt *src, __m512i *w0, __m512i *w1, __m512i *w2, __m512i *w3)
{
    const __m512i gather_low = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13);
    const __m512i gather_high = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);
    const __m512i join_low = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i join_high = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    const uint64_t *q = (const uint64_t *)src;
    __m512i v0 = _mm512_loadu_si512(q), v1 = _mm512_loadu_si512(q + 8);
    __m512i v2 = _mm512_loadu_si512(q + 16), v3 = _mm512_loadu_si512(q + 24);
    __m512i x01lo = _mm512_permutex2var_epi64(v0, gather_low, v1);
    __m512i x01hi = _mm512_permutex2var_epi64(v0, gather_high, v1);
    __m512i x23lo = _mm512_permutex2var_epi64(v2, gather_low, v3);
    __m512i x23hi = _mm512_permutex2var_epi64(v2, gather_high, v3);
    *w0 = _mm512_permutex2var_epi64(x01lo, join_low, x23lo);
    *w1 = _mm512_permutex2var_epi64(x01lo, join_high, x23lo);
    *w2 = _mm512_permutex2var_epi64(x01hi, join_low, x23hi);
    *w3 = _mm512_permutex2var_epi64(x01hi, join_high, x23hi);
}

/* The inverse of load_planes. */
IFMA void store_planes(zk_felt *dst, __m512i w0, __m512i w1, __m512i w2, __m512i w3)
{
    const __m512i gather_low = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13);
    const __m512i gather_high = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);
    const __m512i join_low = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i join_high = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    uint64_t *q = (uint64_t *)dst;
    __m512i x01lo = _mm512_permutex2var_epi64(w0, join_low, w1);
    __m512i x23lo = _mm512_permutex2var_epi64(w0, join_high, w1);
    __m512i x01hi = _mm512_permutex2var_epi64(w2, join_low, w3);
    __m512i x23hi = _mm512_permutex2var_epi64(w2, join_high, w3);
    _mm512_storeu_si512(q, _mm512_permutex2var_epi64(x01lo, gather_low, x01hi));
    _mm512_storeu_si512(q + 8, _mm512_permutex2var_epi64(x01lo, gather_high, x01hi));
    _mm512_storeu_si512(q + 16, _mm512_permutex2var_epi64(x23lo, gather_low, x23hi));
    _mm512_storeu_si512(q + 24, _mm512_permutex2var_epi64(x23lo, gather_high, x23hi));
}

#define SHR(v, n) _mm512_srli_epi64((v), (n))
#define SHL(v, n) _mm512_slli_epi64((v), (n))
#define OR(a, b) _mm512_or_si512((a), (b))
#define AND(a, b) _mm512_and_si512((a), (b))
#define ADD(a, b) _mm512_add_epi64((a), (b))
#define SUB(a, b) _mm512_sub_epi64((a), (b))
#define SET1(c) _mm512_set1_epi64((long long)(c))

/* Eight elements (each below p) as normalised 52-bit limbs: limb i holds bits [52i, 52i + 52). */
IFMA limbs load(const zk_felt *src)
{
    __m512i w0, w1, w2, w3, mask = SET1(LIMB_MASK);
    load_planes(src, &w0, &w1, &w2, &w3);
    limbs x;
    x.l0 = AND(w0, mask);
    x.l1 = AND(OR(SHR(w0, 52), SHL(w1, 12)), mask);
    x.l2 = AND(OR(SHR(w1, 40), SHL(w2, 24)), mask);
    x.l3 = AND(OR(SHR(w2, 28), SHL(w3, 36)), mask);
    x.l4 = SHR(w3, 16);
    return x;
}

/* Eight elements y as the limbs of 16·y: limb i holds bits [52i − 4, 52i + 48) of y. */
IFMA factor load_factor(const zk_felt *src)
{
    __m512i w0, w1, w2, w3, mask = SET1(LIMB_MASK);
    load_planes(src, &w0, &w1, &w2, &w3);
    factor f;
    f.f0 = AND(SHL(w0, 4), mask);
    f.f1 = AND(OR(SHR(w0, 48), SHL(w1, 16)), mask);
    f.f2 = AND(OR(SHR(w1, 36), SHL(w2, 28)), mask);
    f.f3 = AND(OR(SHR(w2, 24), SHL(w3, 40)), mask);
    f.f4 = SHR(w3, 12);
    return f;
}

/* One element repeated in all eight lanes, as a factor. */
IFMA factor broadcast_factor(const zk_felt *c)
{
    zk_felt eight[8];
    for (int k = 0; k < 8; k++) eight[k] = *c;
    return load_factor(eight);
}

/* 16·x for normalised limbs of a value below 2^256: each limb moves four bits up, its top four into the next. */
IFMA factor as_factor(limbs x)
{
    __m512i mask = SET1(LIMB_MASK);
    factor f;
    f.f0 = AND(SHL(x.l0, 4), mask);
    f.f1 = OR(AND(SHL(x.l1, 4), mask), SHR(x.l0, 48));
    f.f2 = OR(AND(SHL(x.l2, 4), mask), SHR(x.l1, 48));
    f.f3 = OR(AND(SHL(x.l3, 4), mask), SHR(x.l2, 48));
    f.f4 = OR(SHL(x.l4, 4), SHR(x.l3, 48));
    return f;
}

/* Writes normalised limbs of values below p back as eight elements. */
IFMA void store(zk_felt *dst, limbs x)
{
    store_planes(dst, OR(x.l0, SHL(x.l1, 52)), OR(SHR(x.l1, 12), SHL(x.l2, 40)),
        OR(SHR(x.l2, 24), SHL(x.l3, 28)), OR(SHR(x.l3, 36), SHL(x.l4, 16)));
}

/* The Montgomery product x·16y·2^−260 = x·y·2^−256: a value in [0, 2p) for x, y in [0, 2p).
 * All 25 partial products go into ten 64-bit columns first (column k: the low halves of a_i·b_j with i + j = k and the
 * high halves with i + j = k − 1; at most 15 terms below 2^52 each, so no column overflows), then five rounds each
 * clear column k by adding m_k·p, m_k = −column_k mod 2^52, and move the column's carry up. */
IFMA limbs product(limbs x, factor y)
{
    const __m512i a[5] = { x.l0, x.l1, x.l2, x.l3, x.l4 };
    const __m512i b[5] = { y.f0, y.f1, y.f2, y.f3, y.f4 };
    __m512i c[10];
    for (int k = 0; k < 10; k++) c[k] = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
        {
            c[i + j] = _mm512_madd52lo_epu64(c[i + j], a[i], b[j]);
            c[i + j + 1] = _mm512_madd52hi_epu64(c[i + j + 1], a[i], b[j]);
        }
    const __m512i mask = SET1(LIMB_MASK), p3 = SET1(P3), p4 = SET1(P4);
    for (int k = 0; k < 5; k++)
    {
        __m512i m = AND(SUB(_mm512_setzero_si512(), c[k]), mask);
        c[k + 1] = ADD(c[k + 1], SHR(ADD(c[k], m), 52));
        c[k + 3] = _mm512_madd52lo_epu64(c[k + 3], m, p3);
        c[k + 4] = _mm512_madd52hi_epu64(c[k + 4], m, p3);
        c[k + 4] = _mm512_madd52lo_epu64(c[k + 4], m, p4);
        c[k + 5] = _mm512_madd52hi_epu64(c[k + 5], m, p4);
    }
    limbs r;
    r.l0 = AND(c[5], mask); c[6] = ADD(c[6], SHR(c[5], 52));
    r.l1 = AND(c[6], mask); c[7] = ADD(c[7], SHR(c[6], 52));
    r.l2 = AND(c[7], mask); c[8] = ADD(c[8], SHR(c[7], 52));
    r.l3 = AND(c[8], mask); c[9] = ADD(c[9], SHR(c[8], 52));
    r.l4 = c[9];
    return r;
}

/* u + v, normalised: a value in [0, 2p) for inputs in [0, p). */
IFMA limbs add(limbs u, limbs v)
{
    __m512i mask = SET1(LIMB_MASK), t = ADD(u.l0, v.l0);
    limbs s;
    s.l0 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l1), v.l1);
    s.l1 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l2), v.l2);
    s.l2 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l3), v.l3);
    s.l3 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l4), v.l4);
    s.l4 = t;
    return s;
}

/* u − v mod p for inputs in [0, p): u + ¬v + 1 over 260 bits, whose carry out is 1 exactly when u ≥ v; where it is 0
 * the difference wrapped and p is added back. */
IFMA limbs sub(limbs u, limbs v)
{
    __m512i mask = SET1(LIMB_MASK), one = SET1(1);
    __m512i t = ADD(ADD(u.l0, SUB(mask, v.l0)), one);
    __m512i d0 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l1), SUB(mask, v.l1));
    __m512i d1 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l2), SUB(mask, v.l2));
    __m512i d2 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l3), SUB(mask, v.l3));
    __m512i d3 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l4), SUB(mask, v.l4));
    __m512i d4 = AND(t, mask);
    __mmask8 wrapped = _mm512_cmpeq_epi64_mask(SHR(t, 52), _mm512_setzero_si512());
    /* Where wrapped, add p = (1, 0, 0, P3, P4) with carries. */
    t = _mm512_mask_add_epi64(d0, wrapped, d0, one);
    limbs r;
    r.l0 = AND(t, mask); t = ADD(SHR(t, 52), d1);
    r.l1 = AND(t, mask); t = ADD(SHR(t, 52), d2);
    r.l2 = AND(t, mask); t = _mm512_mask_add_epi64(ADD(SHR(t, 52), d3), wrapped, ADD(SHR(t, 52), d3), SET1(P3));
    r.l3 = AND(t, mask); t = _mm512_mask_add_epi64(ADD(SHR(t, 52), d4), wrapped, ADD(SHR(t, 52), d4), SET1(P4));
    r.l4 = AND(t, mask);
    return r;
}

/* d − m where d ≥ m, else d, for normalised limbs d and m = p or 2p: e = d + (2^260 − m) has a carry out of bit 260
 * exactly when d ≥ m, and then e mod 2^260 = d − m is kept. c0, c3, c4 are limbs 0, 3 and 4 of 2^260 − m (limbs 1
 * and 2 are M = 2^52 − 1 for both). */
IFMA limbs subtract_if_at_least(limbs d, uint64_t c0, uint64_t c3, uint64_t c4)
{
    __m512i mask = SET1(LIMB_MASK);
    __m512i t = ADD(d.l0, SET1(c0));
    __m512i e0 = AND(t, mask); t = ADD(ADD(SHR(t, 52), d.l1), mask);
    __m512i e1 = AND(t, mask); t = ADD(ADD(SHR(t, 52), d.l2), mask);
    __m512i e2 = AND(t, mask); t = ADD(ADD(SHR(t, 52), d.l3), SET1(c3));
    __m512i e3 = AND(t, mask); t = ADD(ADD(SHR(t, 52), d.l4), SET1(c4));
    __m512i e4 = AND(t, mask);
    __mmask8 at_least = _mm512_test_epi64_mask(SHR(t, 52), SHR(t, 52));
    limbs r;
    r.l0 = _mm512_mask_blend_epi64(at_least, d.l0, e0);
    r.l1 = _mm512_mask_blend_epi64(at_least, d.l1, e1);
    r.l2 = _mm512_mask_blend_epi64(at_least, d.l2, e2);
    r.l3 = _mm512_mask_blend_epi64(at_least, d.l3, e3);
    r.l4 = _mm512_mask_blend_epi64(at_least, d.l4, e4);
    return r;
}

/* Maps normalised limbs of a value in [0, 2p) to [0, p); 2^260 − p in limbs: (M, M, M, M − P3, M − P4). */
IFMA limbs reduce(limbs d) { return subtract_if_at_least(d, LIMB_MASK, LIMB_MASK - P3, LIMB_MASK - P4); }

/* destination[i] = a[i]·b[i]; destination may alias an input. */
IFMA_ENTRY int zk_field_mul(const zk_felt *a, const zk_felt *b, zk_felt *destination, int count)
{
    int done = count & ~7;
    for (int i = 0; i < done; i += 8) store(destination + i, reduce(product(load(a + i), load_factor(b + i))));
    return done;
}

/* destination[i] = a[i] + b[i]; destination may alias an input. */
IFMA_ENTRY int zk_field_add(const zk_felt *a, const zk_felt *b, zk_felt *destination, int count)
{
    int done = count & ~7;
    for (int i = 0; i < done; i += 8) store(destination + i, reduce(add(load(a + i), load(b + i))));
    return done;
}

/* destination[i] = a[i] − b[i]; destination may alias an input. */
IFMA_ENTRY int zk_field_sub(const zk_felt *a, const zk_felt *b, zk_felt *destination, int count)
{
    int done = count & ~7;
    for (int i = 0; i < done; i += 8) store(destination + i, sub(load(a + i), load(b + i)));
    return done;
}

/* Montgomery's batch inversion as eight interleaved chains, chain k over the elements i ≡ k (mod 8), in two passes
 * around the eight scalar inversions the caller does. The forward pass: prefix[i] = values[i]·prefix[i − 8] (the
 * first eight copied). Returns the leading multiple of eight it covered. */
IFMA_ENTRY int zk_field_chain_products(const zk_felt *values, zk_felt *prefix, int count)
{
    int done = count & ~7;
    if (done == 0) return 0;
    limbs running = load(values);
    store(prefix, running);
    for (int i = 8; i < done; i += 8)
    {
        running = reduce(product(running, load_factor(values + i)));
        store(prefix + i, running);
    }
    return done;
}

/* The backward pass: with inverses[k] the inverse of chain k's full product, walks back — values[i]⁻¹ =
 * inv·prefix[i − 8], then inv ← inv·values[i] — writing result[i] (which may alias values). */
IFMA_ENTRY void zk_field_chain_inverses(const zk_felt *values, zk_felt *result, const zk_felt *prefix, const zk_felt *inverses, int done)
{
    limbs inv = load(inverses);
    for (int i = done - 8; i > 0; i -= 8)
    {
        factor vi = load_factor(values + i); /* before the store: result may alias values */
        store(result + i, reduce(product(inv, load_factor(prefix + i - 8))));
        inv = reduce(product(inv, vi));
    }
    store(result, inv);
}

/* The radix-2 butterflies (a[i], b[i]) ← (a[i] + w[i]·b[i], a[i] − w[i]·b[i]). */
IFMA_ENTRY int zk_field_butterflies(zk_felt *a, zk_felt *b, const zk_felt *w, int count)
{
    int done = count & ~7;
    for (int i = 0; i < done; i += 8)
    {
        limbs t = reduce(product(load(b + i), load_factor(w + i)));
        limbs u = load(a + i);
        store(a + i, reduce(add(u, t)));
        store(b + i, sub(u, t));
    }
    return done;
}

/* Two radix-2 stages on quadruples: stage m pairs (q0, q1) and (q2, q3) with wm[i], then stage 2m pairs (q0, q2) with
 * w2m0[i] and (q1, q3) with w2m1[i]; one load and one store per element for both stages. */
IFMA_ENTRY int zk_field_butterfly_pairs(zk_felt *q0, zk_felt *q1, zk_felt *q2, zk_felt *q3,
    const zk_felt *wm, const zk_felt *w2m0, const zk_felt *w2m1, int count)
{
    int done = count & ~7;
    for (int i = 0; i < done; i += 8)
    {
        limbs a0 = load(q0 + i), a1 = load(q1 + i), a2 = load(q2 + i), a3 = load(q3 + i);
        factor w = load_factor(wm + i);
        limbs t = reduce(product(a1, w));
        limbs b0 = reduce(add(a0, t)), b1 = sub(a0, t);
        t = reduce(product(a3, w));
        limbs b2 = reduce(add(a2, t)), b3 = sub(a2, t);
        t = reduce(product(b2, load_factor(w2m0 + i)));
        store(q0 + i, reduce(add(b0, t)));
        store(q2 + i, sub(b0, t));
        t = reduce(product(b3, load_factor(w2m1 + i)));
        store(q1 + i, reduce(add(b1, t)));
        store(q3 + i, sub(b1, t));
    }
    return done;
}

/* The decimation-in-frequency butterflies (a[i], b[i]) ← (a[i] + b[i], (a[i] − b[i])·w[i]). */
IFMA_ENTRY int zk_field_dif_butterflies(zk_felt *a, zk_felt *b, const zk_felt *w, int count)
{
    int done = count & ~7;
    for (int i = 0; i < done; i += 8)
    {
        limbs u = load(a + i), v = load(b + i);
        store(a + i, reduce(add(u, v)));
        store(b + i, reduce(product(sub(u, v), load_factor(w + i))));
    }
    return done;
}

/* Two decimation-in-frequency stages on quadruples (q0, q1, q2, q3) = elements j, j + h/2, j + h, j + 3h/2 of a block
 * of 2h: stage h pairs (q0, q2) with w2h0[i] = ω_2h^j and (q1, q3) with w2h1[i] = ω_2h^(j + h/2), then stage h/2 pairs
 * (q0, q1) and (q2, q3) with wh[i] = ω_h^j. */
IFMA_ENTRY int zk_field_dif_butterfly_pairs(zk_felt *q0, zk_felt *q1, zk_felt *q2, zk_felt *q3,
    const zk_felt *w2h0, const zk_felt *w2h1, const zk_felt *wh, int count)
{
    int done = count & ~7;
    for (int i = 0; i < done; i += 8)
    {
        limbs a0 = load(q0 + i), a1 = load(q1 + i), a2 = load(q2 + i), a3 = load(q3 + i);
        limbs t0 = reduce(add(a0, a2)), t2 = reduce(product(sub(a0, a2), load_factor(w2h0 + i)));
        limbs t1 = reduce(add(a1, a3)), t3 = reduce(product(sub(a1, a3), load_factor(w2h1 + i)));
        factor w = load_factor(wh + i);
        store(q0 + i, reduce(add(t0, t1)));
        store(q1 + i, reduce(product(sub(t0, t1), w)));
        store(q2 + i, reduce(add(t2, t3)));
        store(q3 + i, reduce(product(sub(t2, t3), w)));
    }
    return done;
}

/* Lanes permuted: lane k of the result is lane idx[k] of x, limb by limb. */
IFMA limbs permute_lanes(limbs x, __m512i idx)
{
    limbs r;
    r.l0 = _mm512_permutexvar_epi64(idx, x.l0); r.l1 = _mm512_permutexvar_epi64(idx, x.l1);
    r.l2 = _mm512_permutexvar_epi64(idx, x.l2); r.l3 = _mm512_permutexvar_epi64(idx, x.l3);
    r.l4 = _mm512_permutexvar_epi64(idx, x.l4);
    return r;
}

/* Lane k from b where bit k of mask is set, else from a. */
IFMA limbs blend_lanes(__mmask8 mask, limbs a, limbs b)
{
    limbs r;
    r.l0 = _mm512_mask_blend_epi64(mask, a.l0, b.l0); r.l1 = _mm512_mask_blend_epi64(mask, a.l1, b.l1);
    r.l2 = _mm512_mask_blend_epi64(mask, a.l2, b.l2); r.l3 = _mm512_mask_blend_epi64(mask, a.l3, b.l3);
    r.l4 = _mm512_mask_blend_epi64(mask, a.l4, b.l4);
    return r;
}

/* The lane indices of the pairs of a radix-2 stage of half-span h ∈ {1, 2, 4} inside eight lanes: lane k's pair is
 * (k with bit h clear, k with bit h set), and the lanes with bit h set are the pairs' second halves. */
#define PAIR_LOW(h) _mm512_setr_epi64(0 & ~(h), 1 & ~(h), 2 & ~(h), 3 & ~(h), 4 & ~(h), 5 & ~(h), 6 & ~(h), 7 & ~(h))
#define PAIR_HIGH(h) _mm512_setr_epi64(0 | (h), 1 | (h), 2 | (h), 3 | (h), 4 | (h), 5 | (h), 6 | (h), 7 | (h))
#define UPPER(h) ((__mmask8)((h) == 1 ? 0xAA : (h) == 2 ? 0xCC : 0xF0))

/* Each lane's twiddle for the stage of half-span h ∈ {2, 4}: ω_2h^(k mod h), read from the twiddle table (tw[h + j] = ω_2h^j). */
IFMA factor stage_twiddles(const zk_felt *tw, int h)
{
    zk_felt w[8];
    for (int k = 0; k < 8; k++) w[k] = tw[h + (k & (h - 1))];
    return load_factor(w);
}

/* The first decimation-in-time stages of half-spans first_half_span … 4 (first_half_span 1, 2 or 4) on every group of
 * eight consecutive elements, the pairs formed by permuting lanes: (a, b) ← (a + ω·b, a − ω·b) with ω = ω_2h^j. Too
 * short for lanes across groups, these stages would otherwise run one element at a time. */
IFMA_ENTRY int zk_field_dit_first_three_stages(zk_felt *values, int count, const zk_felt *tw, int first_half_span)
{
    int done = count & ~7;
    factor w2 = stage_twiddles(tw, 2), w4 = stage_twiddles(tw, 4);
    for (int i = 0; i < done; i += 8)
    {
        limbs x = load(values + i), a, b;
        if (first_half_span <= 1)
        {
            a = permute_lanes(x, PAIR_LOW(1)); b = permute_lanes(x, PAIR_HIGH(1));
            x = blend_lanes(UPPER(1), reduce(add(a, b)), sub(a, b));
        }
        if (first_half_span <= 2)
        {
            a = permute_lanes(x, PAIR_LOW(2)); b = permute_lanes(x, PAIR_HIGH(2));
            limbs t2 = reduce(product(b, w2));
            x = blend_lanes(UPPER(2), reduce(add(a, t2)), sub(a, t2));
        }
        a = permute_lanes(x, PAIR_LOW(4)); b = permute_lanes(x, PAIR_HIGH(4));
        limbs t = reduce(product(b, w4));
        store(values + i, blend_lanes(UPPER(4), reduce(add(a, t)), sub(a, t)));
    }
    return done;
}

/* The last three decimation-in-frequency stages (half-spans 4, 2, 1) on every group of eight consecutive elements:
 * (a, b) ← (a + b, (a − b)·ω) with ω = ω_2h^j. */
IFMA_ENTRY int zk_field_dif_last_three_stages(zk_felt *values, int count, const zk_felt *tw)
{
    int done = count & ~7;
    factor w2 = stage_twiddles(tw, 2), w4 = stage_twiddles(tw, 4);
    for (int i = 0; i < done; i += 8)
    {
        limbs x = load(values + i);
        limbs a = permute_lanes(x, PAIR_LOW(4)), b = permute_lanes(x, PAIR_HIGH(4));
        x = blend_lanes(UPPER(4), reduce(add(a, b)), reduce(product(sub(a, b), w4)));
        a = permute_lanes(x, PAIR_LOW(2)); b = permute_lanes(x, PAIR_HIGH(2));
        x = blend_lanes(UPPER(2), reduce(add(a, b)), reduce(product(sub(a, b), w2)));
        a = permute_lanes(x, PAIR_LOW(1)); b = permute_lanes(x, PAIR_HIGH(1));
        store(values + i, blend_lanes(UPPER(1), reduce(add(a, b)), sub(a, b)));
    }
    return done;
}

/* values[i] ← values[i]·powers[i mod 8]·stride^(i div 8): powers holds start·step^k for k < 8 and stride step^8 in
 * every lane (the caller computes both); with constant set, the factor stays powers (a scaling by one value). */
IFMA_ENTRY int zk_field_mul_by_powers(zk_felt *values, int count, const zk_felt *powers, const zk_felt *stride, int constant)
{
    int done = count & ~7;
    limbs current = load(powers);
    factor f = load_factor(powers), advance = load_factor(stride);
    for (int i = 0; i < done; i += 8)
    {
        store(values + i, reduce(product(load(values + i), f)));
        if (!constant)
        {
            current = reduce(product(current, advance));
            f = as_factor(current);
        }
    }
    return done;
}

/* Eight synthetic divisions by x − p_l at once, polynomial l in lane l: numerators[l] holds coefficients
 * a_s … a_(s+count−1) of a block, points the eight p_l, carry the eight q_(s+count−1) carried down from the block
 * above (0 at the top). From the top down q_(i−1) = a_i + p·q_i is written over a_i (read first), and carry ends as
 * the block's last value, a_s + p·q_s: q_(s−1), or the remainder a_0 + p·q_0 for the bottom block. One product per
 * coefficient and polynomial, a chain per lane (the eight chains side by side). */
IFMA_ENTRY void zk_field_divide_lanes(zk_felt *const *numerators, const zk_felt *points, zk_felt *carry, int count)
{
    factor p = load_factor(points);
    limbs q = load(carry);
    zk_felt column[8];
    for (int i = count - 1; i >= 0; i--)
    {
        for (int l = 0; l < 8; l++) column[l] = numerators[l][i];
        q = reduce(add(load(column), reduce(product(q, p))));
        store(column, q);
        for (int l = 0; l < 8; l++) numerators[l][i] = column[l];
    }
    store(carry, q);
}

/* accumulator[i] ← accumulator[i] + c·x[i]. */
IFMA_ENTRY int zk_field_add_scaled(zk_felt *accumulator, const zk_felt *x, const zk_felt *c, int count)
{
    int done = count & ~7;
    factor f = broadcast_factor(c);
    for (int i = 0; i < done; i += 8)
        store(accumulator + i, reduce(add(load(accumulator + i), reduce(product(load(x + i), f)))));
    return done;
}

/* Eight partial sums Σ a[i]·b[i] over i ≡ k (mod 8) into partial[k] (the caller adds them). */
IFMA_ENTRY int zk_field_dot(const zk_felt *a, const zk_felt *b, int count, zk_felt *partial)
{
    int done = count & ~7;
    limbs acc;
    acc.l0 = acc.l1 = acc.l2 = acc.l3 = acc.l4 = _mm512_setzero_si512();
    for (int i = 0; i < done; i += 8) acc = reduce(add(acc, reduce(product(load(a + i), load_factor(b + i)))));
    store(partial, acc);
    return done;
}

/* ---- Straight-line programs: many field operations on the same points without leaving the limbs ----
 *
 * Every entry point above loads its operands from the stored form (four 64-bit words, transposed into limbs through
 * eight lane permutations) and stores its result back: for an addition that is most of the work. A program of a few
 * hundred operations on the same points (a layout's composition: products, sums, differences and weighted sums into
 * accumulators) instead keeps every slot as limbs from its load to its store, and bounds values lazily in [0, 2p):
 * products already land there, sums and differences are brought back below 2p by one conditional subtraction. */

/* Maps normalised limbs of a value in [0, 4p) to [0, 2p); 2^260 − 2p = (M − 1, M, M, M − 2·P3, M − 2·P4). */
IFMA limbs reduce_twice(limbs d) { return subtract_if_at_least(d, LIMB_MASK - 1, LIMB_MASK - 2 * P3, LIMB_MASK - 2 * P4); }

/* u − v + 2p, for u, v in [0, 2p): a value in (0, 4p). Limb by limb with signed carries (arithmetic shifts): every
 * intermediate lies in (−2^53, 2^54), and the whole is positive, so the top limb is too. */
IFMA limbs sub_plus_twice_p(limbs u, limbs v)
{
    __m512i mask = SET1(LIMB_MASK);
    limbs r;
    __m512i t = ADD(SUB(u.l0, v.l0), SET1(2));
    r.l0 = AND(t, mask); t = ADD(SUB(u.l1, v.l1), _mm512_srai_epi64(t, 52));
    r.l1 = AND(t, mask); t = ADD(SUB(u.l2, v.l2), _mm512_srai_epi64(t, 52));
    r.l2 = AND(t, mask); t = ADD(ADD(SUB(u.l3, v.l3), SET1(2 * P3)), _mm512_srai_epi64(t, 52));
    r.l3 = AND(t, mask); t = ADD(ADD(SUB(u.l4, v.l4), SET1(2 * P4)), _mm512_srai_epi64(t, 52));
    r.l4 = t;
    return r;
}

/* One instruction: op 0 adds slots a and b into destination, 1 subtracts b from a, 2 multiplies them, 3 adds
 * weights[b]·slot a into destination. */
typedef struct { int32_t op, destination, a, b; } zk_instruction;

/* Runs code[0 … instruction_count) on `points` points (a multiple of 8; returns 0 otherwise, doing nothing). Slot s's
 * values are slots[s·points …]: the `loaded` slots are read from there first, the `cleared` ones start at zero, and the
 * `stored` ones are written back, fully reduced, at the end; the others live only in `scratch` (at least
 * slot_count·points·40 + 64 bytes). Destinations may equal operands. */
IFMA_ENTRY int zk_field_run_program(const zk_instruction *code, int instruction_count, const zk_felt *weights,
    zk_felt *slots, int slot_count, int points, const int32_t *loaded, int loaded_count,
    const int32_t *cleared, int cleared_count, const int32_t *stored, int stored_count, void *scratch)
{
    if (points <= 0 || (points & 7) != 0) return 0;
    int blocks = points / 8;
    limbs *s = (limbs *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    (void)slot_count;
    for (int i = 0; i < loaded_count; i++)
        for (int b = 0; b < blocks; b++) s[(long)loaded[i] * blocks + b] = load(slots + (long)loaded[i] * points + 8 * b);
    limbs zero;
    zero.l0 = zero.l1 = zero.l2 = zero.l3 = zero.l4 = _mm512_setzero_si512();
    for (int i = 0; i < cleared_count; i++)
        for (int b = 0; b < blocks; b++) s[(long)cleared[i] * blocks + b] = zero;
    for (int k = 0; k < instruction_count; k++)
    {
        zk_instruction in = code[k];
        limbs *d = s + (long)in.destination * blocks, *a = s + (long)in.a * blocks;
        switch (in.op)
        {
            case 0:
            {
                limbs *c = s + (long)in.b * blocks;
                for (int b = 0; b < blocks; b++) d[b] = reduce_twice(add(a[b], c[b]));
                break;
            }
            case 1:
            {
                limbs *c = s + (long)in.b * blocks;
                for (int b = 0; b < blocks; b++) d[b] = reduce_twice(sub_plus_twice_p(a[b], c[b]));
                break;
            }
            case 2:
            {
                limbs *c = s + (long)in.b * blocks;
                for (int b = 0; b < blocks; b++) d[b] = product(a[b], as_factor(c[b]));
                break;
            }
            default:
            {
                factor w = broadcast_factor(weights + in.b);
                for (int b = 0; b < blocks; b++) d[b] = reduce_twice(add(d[b], product(a[b], w)));
                break;
            }
        }
    }
    for (int i = 0; i < stored_count; i++)
        for (int b = 0; b < blocks; b++) store(slots + (long)stored[i] * points + 8 * b, reduce(s[(long)stored[i] * blocks + b]));
    return points;
}

/* Lanes i + k of x moved to lane i (zeros shifted in from the top), limb by limb. */
IFMA limbs lanes_down(limbs x, int k)
{
    __m512i z = _mm512_setzero_si512();
    limbs r;
    switch (k)
    {
        case 1: r.l0 = _mm512_alignr_epi64(z, x.l0, 1); r.l1 = _mm512_alignr_epi64(z, x.l1, 1); r.l2 = _mm512_alignr_epi64(z, x.l2, 1);
                r.l3 = _mm512_alignr_epi64(z, x.l3, 1); r.l4 = _mm512_alignr_epi64(z, x.l4, 1); break;
        case 2: r.l0 = _mm512_alignr_epi64(z, x.l0, 2); r.l1 = _mm512_alignr_epi64(z, x.l1, 2); r.l2 = _mm512_alignr_epi64(z, x.l2, 2);
                r.l3 = _mm512_alignr_epi64(z, x.l3, 2); r.l4 = _mm512_alignr_epi64(z, x.l4, 2); break;
        default: r.l0 = _mm512_alignr_epi64(z, x.l0, 4); r.l1 = _mm512_alignr_epi64(z, x.l1, 4); r.l2 = _mm512_alignr_epi64(z, x.l2, 4);
                r.l3 = _mm512_alignr_epi64(z, x.l3, 4); r.l4 = _mm512_alignr_epi64(z, x.l4, 4); break;
    }
    return r;
}

/* Lane 0 of x in every lane. */
IFMA limbs broadcast_lane0(limbs x)
{
    __m512i zero = _mm512_setzero_si512();
    limbs r;
    r.l0 = _mm512_permutexvar_epi64(zero, x.l0); r.l1 = _mm512_permutexvar_epi64(zero, x.l1); r.l2 = _mm512_permutexvar_epi64(zero, x.l2);
    r.l3 = _mm512_permutexvar_epi64(zero, x.l3); r.l4 = _mm512_permutexvar_epi64(zero, x.l4);
    return r;
}

/* Suffix sums in place over the trailing multiple of 8 of values[0 … count): values[i] ← Σ_{m ≥ i} values[m] for
 * i ≥ count − done, done = count & ~7, returned; the caller finishes the first count − done with the sum of the rest
 * (values[count − done]). Each block of eight is scanned in registers (three shifted additions), then the sum of
 * everything after it is added. */
IFMA_ENTRY int zk_field_suffix_sums(zk_felt *values, int count)
{
    int done = count & ~7;
    limbs after;
    after.l0 = after.l1 = after.l2 = after.l3 = after.l4 = _mm512_setzero_si512();
    for (int i = count - 8; i >= count - done; i -= 8)
    {
        limbs x = load(values + i);
        x = reduce_twice(add(x, lanes_down(x, 1)));
        x = reduce_twice(add(x, lanes_down(x, 2)));
        x = reduce_twice(add(x, lanes_down(x, 4)));
        x = reduce_twice(add(x, after));
        store(values + i, reduce(x));
        after = broadcast_lane0(x);
    }
    return done;
}
