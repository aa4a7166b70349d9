/*
 * Stark252 lane arithmetic on AVX-512 IFMA, shared by the kernels in this folder: eight field elements at once, each as
 * five 52-bit limbs whose 52×52-bit partial products come from vpmadd52luq / vpmadd52huq (the low and high 52 bits of
 * the 104-bit product, added to a 64-bit accumulator) — the instruction pair that exists for exactly this limb size.
 *
 * These compute the same numbers as the managed lanes in src/Stark/Field/FeltLanes*.cs (Limbs52, which gets its partial
 * products from double-precision FMA): the same Montgomery product x·y·2^-256 (R = 2^260 with the second operand
 * entering as 16·y), the same [0, 2p) bounds, the same reduction, and elements stored fully reduced.
 *
 * p = 2^251 + 17·2^192 + 1 has the 52-bit limbs (1, 0, 0, 17·2^36, 2^43): p ≡ 1 (mod 2^52), so a Montgomery round's
 * multiplier is m = −column mod 2^52, and m·p touches only three columns.
 */
#ifndef ZETINA_FIELD_IFMA_H
#define ZETINA_FIELD_IFMA_H

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

/* Eight elements, two per vector in v0 … v3 (element 2i + h in half h of vi), as four planes of 64-bit words (plane j:
 * every element's word j). Word 4k + j of the 32 is element k's word j; the first permutation gathers words 0 and 1
 * (or 2 and 3) of four elements, the second joins two such halves. */
IFMA void planes_of(__m512i v0, __m512i v1, __m512i v2, __m512i v3, __m512i *w0, __m512i *w1, __m512i *w2, __m512i *w3)
{
    const __m512i gather_low = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13);
    const __m512i gather_high = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);
    const __m512i join_low = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i join_high = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    __m512i x01lo = _mm512_permutex2var_epi64(v0, gather_low, v1);
    __m512i x01hi = _mm512_permutex2var_epi64(v0, gather_high, v1);
    __m512i x23lo = _mm512_permutex2var_epi64(v2, gather_low, v3);
    __m512i x23hi = _mm512_permutex2var_epi64(v2, gather_high, v3);
    *w0 = _mm512_permutex2var_epi64(x01lo, join_low, x23lo);
    *w1 = _mm512_permutex2var_epi64(x01lo, join_high, x23lo);
    *w2 = _mm512_permutex2var_epi64(x01hi, join_low, x23hi);
    *w3 = _mm512_permutex2var_epi64(x01hi, join_high, x23hi);
}

/* Eight consecutive elements as four planes of 64-bit words (plane j: every element's word j). */
IFMA void load_planes(const zk_felt *src, __m512i *w0, __m512i *w1, __m512i *w2, __m512i *w3)
{
    const uint64_t *q = (const uint64_t *)src;
    planes_of(_mm512_loadu_si512(q), _mm512_loadu_si512(q + 8), _mm512_loadu_si512(q + 16), _mm512_loadu_si512(q + 24), w0, w1, w2, w3);
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

/* Normalised 52-bit limbs of the four word planes of eight elements (each below 2^256): limb i holds bits [52i, 52i + 52). */
IFMA limbs limbs_of_planes(__m512i w0, __m512i w1, __m512i w2, __m512i w3)
{
    __m512i mask = SET1(LIMB_MASK);
    limbs x;
    x.l0 = AND(w0, mask);
    x.l1 = AND(OR(SHR(w0, 52), SHL(w1, 12)), mask);
    x.l2 = AND(OR(SHR(w1, 40), SHL(w2, 24)), mask);
    x.l3 = AND(OR(SHR(w2, 28), SHL(w3, 36)), mask);
    x.l4 = SHR(w3, 16);
    return x;
}

/* Eight elements (each below p) as normalised 52-bit limbs. */
IFMA limbs load(const zk_felt *src)
{
    __m512i w0, w1, w2, w3;
    load_planes(src, &w0, &w1, &w2, &w3);
    return limbs_of_planes(w0, w1, w2, w3);
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

#endif
