/*
 * The field's lane entry points on AVX-512 IFMA (arithmetic in field_ifma.h): each processes the leading multiple of 8
 * of its count and returns it; the caller finishes the rest. Results are bit-identical to the managed lanes, which are
 * the fallback and the reference the tests compare against.
 *
 * zk_field_ifma_supported() says whether this CPU (and the OS, for the 512-bit state) runs these instructions; the
 * caller must not call the others where it returns 0.
 */
#include "field_ifma.h"

int zk_field_ifma_supported(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
}

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
 * values are slots[s·points …]: the `loaded` slots are read first — loaded slot i from sources[i] where sources is
 * given and that entry is not null (the caller's table, read in place), else from its place in slots —, the `cleared`
 * ones start at zero, and the `stored` ones are written back, fully reduced, at the end; the others live only in
 * `scratch` (at least slot_count·points·40 + 64 bytes). Destinations may equal operands. */
IFMA_ENTRY int zk_field_run_program(const zk_instruction *code, int instruction_count, const zk_felt *weights,
    zk_felt *slots, int slot_count, int points, const int32_t *loaded, const zk_felt *const *sources, int loaded_count,
    const int32_t *cleared, int cleared_count, const int32_t *stored, int stored_count, void *scratch)
{
    if (points <= 0 || (points & 7) != 0) return 0;
    int blocks = points / 8;
    limbs *s = (limbs *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    (void)slot_count;
    for (int i = 0; i < loaded_count; i++)
    {
        const zk_felt *from = sources && sources[i] ? sources[i] : slots + (long)loaded[i] * points;
        for (int b = 0; b < blocks; b++) s[(long)loaded[i] * blocks + b] = load(from + 8 * b);
    }
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
