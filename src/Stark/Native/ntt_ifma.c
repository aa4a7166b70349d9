/*
 * The NTT's stages on limb groups (AVX-512 IFMA; arithmetic in field_ifma.h): decimation in frequency (natural order in,
 * bit-reversed out) and in time (bit-reversed in, natural out).
 *
 * A transform's values stay, for its whole duration, in the 52-bit limb form the products take: groups of eight
 * elements, five 512-bit vectors each (320 bytes), group g holding elements 8g … 8g + 7, lane k element 8g + k. The
 * element-wise kernels convert stored elements to limbs and back at every pass — a transpose of 32 words and about 23
 * shifts and masks per eight elements each way — which here happens once on the way in and once on the way out.
 *
 * Between stages values are kept lazily reduced, in [0, 2p) (Harvey's butterfly, "Faster arithmetic for
 * number-theoretic transforms", J. Symb. Comp. 2014, §3): a sum is brought below 2p by one conditional subtraction of 2p;
 * a difference enters the product as a − b + 2p ∈ (0, 4p) unreduced, since Montgomery's product of x < 4p and a twiddle
 * below p is below x·16ω/2^260 + p < 1.25p. Only the way out reduces to [0, p), so the stored results are the ones the
 * element-wise transform gives, bit for bit (elements are stored fully reduced and the values are equal mod p).
 *
 * Twiddles of the stage of half-span 8h (h ≥ 1 groups) are factor groups: twiddle group h + j holds ω_16h^(8j + k) in
 * lane k — the element table's entries 8h + 8j + k (src/Stark/Ntt/TwiddleTable.cs), grouped by eight.
 */
#include "field_ifma.h"

/* d − 2p where d ≥ 2p, else d; 2^260 − 2p in limbs is (M − 1, M, M, M − 2·P3, M − 2·P4). */
IFMA limbs below_2p(limbs d) { return subtract_if_at_least(d, LIMB_MASK - 1, LIMB_MASK - 2 * P3, LIMB_MASK - 2 * P4); }

/* u + v for u, v in [0, 2p), in [0, 2p). */
IFMA limbs add_lazy(limbs u, limbs v) { return below_2p(add(u, v)); }

/* u − v + 2p ∈ (0, 4p) for u, v in [0, 2p), normalised: u + (2^260 − 1 − v) + 1 + 2p, whose limbs are u_i + (M − v_i)
 * plus 2p's limbs (2, 0, 0, 2·P3, 2·P4) and the 1 in limb 0, exceeds 2^260 exactly once; the top carry is dropped. */
IFMA limbs sub_lazy(limbs u, limbs v)
{
    __m512i mask = SET1(LIMB_MASK);
    __m512i t = ADD(ADD(u.l0, SUB(mask, v.l0)), SET1(3));
    limbs r;
    r.l0 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l1), SUB(mask, v.l1));
    r.l1 = AND(t, mask); t = ADD(ADD(SHR(t, 52), u.l2), SUB(mask, v.l2));
    r.l2 = AND(t, mask); t = ADD(ADD(ADD(SHR(t, 52), u.l3), SUB(mask, v.l3)), SET1(2 * P3));
    r.l3 = AND(t, mask); t = ADD(ADD(ADD(SHR(t, 52), u.l4), SUB(mask, v.l4)), SET1(2 * P4));
    r.l4 = AND(t, mask);
    return r;
}

/* count elements (a multiple of 8) as count/8 groups. With powers non-null, element i is multiplied by powers[i mod 8]·
 * stride^(i div 8) on the way — powers holds start·step^k for k < 8, stride step^8 in every entry: a coset's shift. */
IFMA_ENTRY void zk_ntt_groups_load(const zk_felt *src, limbs *groups, int count, const zk_felt *powers, const zk_felt *stride)
{
    if (!powers)
    {
        for (int i = 0; i < count; i += 8) groups[i >> 3] = load(src + i);
        return;
    }
    limbs current = load(powers);
    factor f = load_factor(powers), advance = load_factor(stride);
    for (int i = 0; i < count; i += 8)
    {
        groups[i >> 3] = product(load(src + i), f);
        current = reduce(product(current, advance));
        f = as_factor(current);
    }
}

/* count/8 groups back as count stored elements, reduced to [0, p). */
IFMA_ENTRY void zk_ntt_groups_store(const limbs *groups, zk_felt *dst, int count)
{
    for (int i = 0; i < count; i += 8) store(dst + i, reduce(groups[i >> 3]));
}

/* Factor groups [first, end) of the twiddle table tw (group j from entries 8j … 8j + 7). */
IFMA_ENTRY void zk_ntt_twiddle_groups(const zk_felt *tw, factor *groups, int first, int end)
{
    for (int j = first; j < end; j++) groups[j] = load_factor(tw + 8 * (long)j);
}

/* The stage of half-span 8h elements (h groups): butterflies t ∈ [t0, t1), t = k·h + j, on groups a = 2hk + j and
 * b = a + h: (a, b) ← (a + b, (a − b)·ω). */
IFMA_ENTRY void zk_ntt_dif_group_stage(limbs *g, int h, const factor *tw, int t0, int t1)
{
    int logh = __builtin_ctz(h);
    for (int t = t0; t < t1; t++)
    {
        int k = t >> logh, j = t & (h - 1);
        limbs *a = g + ((long)k << (logh + 1)) + j, *b = a + h;
        limbs u = *a, v = *b;
        *a = add_lazy(u, v);
        *b = product(sub_lazy(u, v), tw[h + j]);
    }
}

/* The stages of half-spans 8h and 4h elements together (h ≥ 2 groups): quadruples u ∈ [u0, u1), u = k·q + j with
 * q = h/2, on groups e = 4qk + j, e + q, e + 2q, e + 3q — stage 8h pairs (e, e + 2q) and (e + q, e + 3q), stage 4h
 * pairs (e, e + q) and (e + 2q, e + 3q); one load and one store per group for both. */
IFMA_ENTRY void zk_ntt_dif_group_pairs(limbs *g, int h, const factor *tw, int u0, int u1)
{
    int q = h >> 1, logq = __builtin_ctz(q);
    for (int u = u0; u < u1; u++)
    {
        int k = u >> logq, j = u & (q - 1);
        limbs *e0 = g + ((long)k << (logq + 2)) + j, *e1 = e0 + q, *e2 = e1 + q, *e3 = e2 + q;
        limbs a0 = *e0, a1 = *e1, a2 = *e2, a3 = *e3;
        limbs t0 = add_lazy(a0, a2), t2 = product(sub_lazy(a0, a2), tw[h + j]);
        limbs t1 = add_lazy(a1, a3), t3 = product(sub_lazy(a1, a3), tw[h + j + q]);
        factor w = tw[q + j];
        *e0 = add_lazy(t0, t1);
        *e1 = product(sub_lazy(t0, t1), w);
        *e2 = add_lazy(t2, t3);
        *e3 = product(sub_lazy(t2, t3), w);
    }
}

/* The stages of half-spans 4, 2 and 1 inside one group, the pairs formed by permuting lanes; w4 and w2 hold each lane's
 * twiddle (stage_twiddles). The last stage's ω is 1, so its difference is only brought below 2p. */
IFMA limbs dif_in_group(limbs x, factor w4, factor w2)
{
    limbs a = permute_lanes(x, PAIR_LOW(4)), b = permute_lanes(x, PAIR_HIGH(4));
    x = blend_lanes(UPPER(4), add_lazy(a, b), product(sub_lazy(a, b), w4));
    a = permute_lanes(x, PAIR_LOW(2)); b = permute_lanes(x, PAIR_HIGH(2));
    x = blend_lanes(UPPER(2), add_lazy(a, b), product(sub_lazy(a, b), w2));
    a = permute_lanes(x, PAIR_LOW(1)); b = permute_lanes(x, PAIR_HIGH(1));
    return blend_lanes(UPPER(1), add_lazy(a, b), below_2p(sub_lazy(a, b)));
}

/* Every remaining stage of a block of size groups (a power of two, cache-resident): half-spans 4·size elements down
 * to 8 two at a time where two remain, then the three inside each group. tw_elements: the element twiddle table. */
IFMA_ENTRY void zk_ntt_dif_group_block(limbs *g, int size, const factor *tw, const zk_felt *tw_elements)
{
    int h = size >> 1;
    while (h >= 1)
    {
        if (h >= 2)
        {
            zk_ntt_dif_group_pairs(g, h, tw, 0, size >> 2);
            h >>= 2;
        }
        else
        {
            zk_ntt_dif_group_stage(g, h, tw, 0, size >> 1);
            h >>= 1;
        }
    }
    factor w4 = stage_twiddles(tw_elements, 4), w2 = stage_twiddles(tw_elements, 2);
    for (int i = 0; i < size; i++) g[i] = dif_in_group(g[i], w4, w2);
}

/* The decimation-in-time butterfly on lazily reduced values: (a, b) ← (a + ω·b, a − ω·b), both brought below 2p
 * (ω·b < 1.125p for b < 2p and ω < p). */
#define DIT_BUTTERFLY(a, b, w) do { limbs t_ = product((b), (w)); limbs a_ = (a); \
    (a) = add_lazy(a_, t_); (b) = below_2p(sub_lazy(a_, t_)); } while (0)

/* The decimation-in-time stage of half-span 8h elements (h groups): butterflies t ∈ [t0, t1), t = k·h + j, on groups
 * a = 2hk + j and b = a + h with ω = twiddle group h + j. */
IFMA_ENTRY void zk_ntt_dit_group_stage(limbs *g, int h, const factor *tw, int t0, int t1)
{
    int logh = __builtin_ctz(h);
    for (int t = t0; t < t1; t++)
    {
        int k = t >> logh, j = t & (h - 1);
        limbs *a = g + ((long)k << (logh + 1)) + j, *b = a + h;
        limbs u = *a, v = *b;
        DIT_BUTTERFLY(u, v, tw[h + j]);
        *a = u;
        *b = v;
    }
}

/* The decimation-in-time stages of half-spans 8h and 16h elements together (h groups): quadruples u ∈ [u0, u1),
 * u = k·h + j, on groups e = 4hk + j, e + h, e + 2h, e + 3h — stage 8h pairs (e, e + h) and (e + 2h, e + 3h) with
 * twiddle group h + j, stage 16h pairs (e, e + 2h) with 2h + j and (e + h, e + 3h) with 3h + j. */
IFMA_ENTRY void zk_ntt_dit_group_pairs(limbs *g, int h, const factor *tw, int u0, int u1)
{
    int logh = __builtin_ctz(h);
    for (int u = u0; u < u1; u++)
    {
        int k = u >> logh, j = u & (h - 1);
        limbs *e0 = g + ((long)k << (logh + 2)) + j, *e1 = e0 + h, *e2 = e1 + h, *e3 = e2 + h;
        limbs a0 = *e0, a1 = *e1, a2 = *e2, a3 = *e3;
        factor w = tw[h + j];
        DIT_BUTTERFLY(a0, a1, w);
        DIT_BUTTERFLY(a2, a3, w);
        DIT_BUTTERFLY(a0, a2, tw[2 * h + j]);
        DIT_BUTTERFLY(a1, a3, tw[3 * h + j]);
        *e0 = a0; *e1 = a1; *e2 = a2; *e3 = a3;
    }
}

/* The decimation-in-time stages of half-spans first … 4 (first 1, 2 or 4) inside one group; w2 and w4 hold each lane's
 * twiddle (stage_twiddles). */
IFMA limbs dit_in_group(limbs x, factor w2, factor w4, int first)
{
    limbs a, b, t;
    if (first <= 1)
    {
        a = permute_lanes(x, PAIR_LOW(1)); b = permute_lanes(x, PAIR_HIGH(1));
        x = blend_lanes(UPPER(1), add_lazy(a, b), below_2p(sub_lazy(a, b)));
    }
    if (first <= 2)
    {
        a = permute_lanes(x, PAIR_LOW(2)); b = permute_lanes(x, PAIR_HIGH(2));
        t = product(b, w2);
        x = blend_lanes(UPPER(2), add_lazy(a, t), below_2p(sub_lazy(a, t)));
    }
    a = permute_lanes(x, PAIR_LOW(4)); b = permute_lanes(x, PAIR_HIGH(4));
    t = product(b, w4);
    return blend_lanes(UPPER(4), add_lazy(a, t), below_2p(sub_lazy(a, t)));
}

/* The first stages of a block of size groups (a power of two, cache-resident, bit-reversed input): from half-span
 * first_half_span elements (a power of two) up to 4·size, the ones inside each group first, then two at a time where
 * two remain. tw_elements: the element twiddle table. */
IFMA_ENTRY void zk_ntt_dit_group_block(limbs *g, int size, const factor *tw, const zk_felt *tw_elements, int first_half_span)
{
    if (first_half_span < 8)
    {
        factor w2 = stage_twiddles(tw_elements, 2), w4 = stage_twiddles(tw_elements, 4);
        for (int i = 0; i < size; i++) g[i] = dit_in_group(g[i], w2, w4, first_half_span);
    }
    int h = first_half_span < 8 ? 1 : first_half_span >> 3;
    while (h < size)
    {
        if (2 * h < size)
        {
            zk_ntt_dit_group_pairs(g, h, tw, 0, size >> 2);
            h <<= 2;
        }
        else
        {
            zk_ntt_dit_group_stage(g, h, tw, 0, size >> 1);
            h <<= 1;
        }
    }
}

/* The low bits bits of x in reverse order. */
static inline unsigned reverse_bits(unsigned x, int bits)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
    x = __builtin_bswap32(x);
    return bits == 0 ? 0 : x >> (32 - bits);
}

/* A decimation-in-time transform's input gathered into groups, permuted and zero-padded on the way in: element e is
 * values[rev(e >> log_s)] (rev over log_k bits) where that index is below count, else 0 — Radix2Ntt.ForwardPadded's
 * placement of k = 2^log_k values over 2^log_s-element blocks, and with log_s = 0 the plain bit-reversal permutation.
 * Unit u ∈ [u0, u1) fills groups u, u + stride, …, u + (inner − 1)·stride. With stride = groups/8 and inner = 8,
 * element t of group g = c·stride + u has the bits (c, u, t) from the top, and (with log_s = 0) its source index the
 * bits (rev t, rev u, rev c): a unit's 64 elements are eight runs of eight consecutive values, so every cache line read
 * is used whole. Groups in plain order would read one value of a run per group and come back to it much later. */
IFMA_ENTRY void zk_ntt_groups_gather_reversed(const zk_felt *values, int count, int log_k, int log_s, limbs *groups,
    int stride, int inner, int u0, int u1)
{
    static const zk_felt zero = { { 0, 0, 0, 0 } };
    for (int u = u0; u < u1; u++)
        for (int c = 0; c < inner; c++)
        {
            int g = u + c * stride;
            const zk_felt *at[8];
            for (int t = 0; t < 8; t++)
            {
                unsigned j = reverse_bits((unsigned)(8 * g + t) >> log_s, log_k);
                at[t] = j < (unsigned)count ? values + j : &zero;
            }
            __m512i v[4], w0, w1, w2, w3;
            for (int i = 0; i < 4; i++)
                v[i] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)at[2 * i])),
                    _mm256_loadu_si256((const __m256i *)at[2 * i + 1]), 1);
            planes_of(v[0], v[1], v[2], v[3], &w0, &w1, &w2, &w3);
            groups[g] = limbs_of_planes(w0, w1, w2, w3);
        }
}
