/*
 * Keccak-256 (the original Keccak padding, as Ethereum and Stone use it: pad10*1 with first byte 0x01) on eight
 * messages at once with AVX-512: state word i of message j in 64-bit lane j of register i, so each permutation serves
 * eight messages. AVX-512 has the two instructions the AVX2 path must emulate: a 64-bit rotation (vprolq, one
 * instruction where AVX2 needs two shifts and an OR) and three-input logic (vpternlogq: θ's five-way parity in two
 * instructions, χ's a ^ (~b & c) in one).
 *
 * The same digests as the managed sponge (src/Stark/Hashing/Keccak256.cs), which is the fallback and the reference the
 * tests compare with. zk_keccak_avx512_supported() says whether this CPU runs this code; the caller must not call the
 * others where it returns 0.
 */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw")))
#define AVX512_INLINE __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw"), always_inline)) static inline

enum { RATE = 136, RATE_WORDS = RATE / 8, LANES = 8 };

int zk_keccak_avx512_supported(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
}

static const uint64_t round_constants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

#define XOR3(a, b, c) _mm512_ternarylogic_epi64((a), (b), (c), 0x96)
/* a ^ (~b & c): truth table over (a, b, c) = 0xD2. */
#define CHI(a, b, c) _mm512_ternarylogic_epi64((a), (b), (c), 0xD2)
#define ROL(x, n) _mm512_rol_epi64((x), (n))

/* Keccak-f[1600] (FIPS 202 §3.3, 24 rounds of θ, ρ, π, χ, ι) on eight states; s[x + 5y] is lane (x, y). */
AVX512_INLINE void permute(__m512i s[25])
{
    __m512i a00 = s[0], a01 = s[1], a02 = s[2], a03 = s[3], a04 = s[4];
    __m512i a05 = s[5], a06 = s[6], a07 = s[7], a08 = s[8], a09 = s[9];
    __m512i a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14];
    __m512i a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19];
    __m512i a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
    for (int round = 0; round < 24; round++)
    {
        /* θ: column parities, then D[x] = C[x − 1] ⊕ rot(C[x + 1], 1). */
        __m512i c0 = XOR3(XOR3(a00, a05, a10), a15, a20);
        __m512i c1 = XOR3(XOR3(a01, a06, a11), a16, a21);
        __m512i c2 = XOR3(XOR3(a02, a07, a12), a17, a22);
        __m512i c3 = XOR3(XOR3(a03, a08, a13), a18, a23);
        __m512i c4 = XOR3(XOR3(a04, a09, a14), a19, a24);
        __m512i d0 = _mm512_xor_si512(c4, ROL(c1, 1));
        __m512i d1 = _mm512_xor_si512(c0, ROL(c2, 1));
        __m512i d2 = _mm512_xor_si512(c1, ROL(c3, 1));
        __m512i d3 = _mm512_xor_si512(c2, ROL(c4, 1));
        __m512i d4 = _mm512_xor_si512(c3, ROL(c0, 1));
        /* ρ and π: B[y, 2x + 3y] = rot(A[x, y] ⊕ D[x], r[x, y]). */
        __m512i b00 = _mm512_xor_si512(a00, d0);
        __m512i b10 = ROL(_mm512_xor_si512(a01, d1), 1);
        __m512i b20 = ROL(_mm512_xor_si512(a02, d2), 62);
        __m512i b05 = ROL(_mm512_xor_si512(a03, d3), 28);
        __m512i b15 = ROL(_mm512_xor_si512(a04, d4), 27);
        __m512i b16 = ROL(_mm512_xor_si512(a05, d0), 36);
        __m512i b01 = ROL(_mm512_xor_si512(a06, d1), 44);
        __m512i b11 = ROL(_mm512_xor_si512(a07, d2), 6);
        __m512i b21 = ROL(_mm512_xor_si512(a08, d3), 55);
        __m512i b06 = ROL(_mm512_xor_si512(a09, d4), 20);
        __m512i b07 = ROL(_mm512_xor_si512(a10, d0), 3);
        __m512i b17 = ROL(_mm512_xor_si512(a11, d1), 10);
        __m512i b02 = ROL(_mm512_xor_si512(a12, d2), 43);
        __m512i b12 = ROL(_mm512_xor_si512(a13, d3), 25);
        __m512i b22 = ROL(_mm512_xor_si512(a14, d4), 39);
        __m512i b23 = ROL(_mm512_xor_si512(a15, d0), 41);
        __m512i b08 = ROL(_mm512_xor_si512(a16, d1), 45);
        __m512i b18 = ROL(_mm512_xor_si512(a17, d2), 15);
        __m512i b03 = ROL(_mm512_xor_si512(a18, d3), 21);
        __m512i b13 = ROL(_mm512_xor_si512(a19, d4), 8);
        __m512i b14 = ROL(_mm512_xor_si512(a20, d0), 18);
        __m512i b24 = ROL(_mm512_xor_si512(a21, d1), 2);
        __m512i b09 = ROL(_mm512_xor_si512(a22, d2), 61);
        __m512i b19 = ROL(_mm512_xor_si512(a23, d3), 56);
        __m512i b04 = ROL(_mm512_xor_si512(a24, d4), 14);
        /* χ: A[x, y] = B[x, y] ⊕ (¬B[x + 1, y] ∧ B[x + 2, y]); ι on lane (0, 0). */
        a00 = _mm512_xor_si512(CHI(b00, b01, b02), _mm512_set1_epi64((long long)round_constants[round]));
        a01 = CHI(b01, b02, b03); a02 = CHI(b02, b03, b04); a03 = CHI(b03, b04, b00); a04 = CHI(b04, b00, b01);
        a05 = CHI(b05, b06, b07); a06 = CHI(b06, b07, b08); a07 = CHI(b07, b08, b09); a08 = CHI(b08, b09, b05); a09 = CHI(b09, b05, b06);
        a10 = CHI(b10, b11, b12); a11 = CHI(b11, b12, b13); a12 = CHI(b12, b13, b14); a13 = CHI(b13, b14, b10); a14 = CHI(b14, b10, b11);
        a15 = CHI(b15, b16, b17); a16 = CHI(b16, b17, b18); a17 = CHI(b17, b18, b19); a18 = CHI(b18, b19, b15); a19 = CHI(b19, b15, b16);
        a20 = CHI(b20, b21, b22); a21 = CHI(b21, b22, b23); a22 = CHI(b22, b23, b24); a23 = CHI(b23, b24, b20); a24 = CHI(b24, b20, b21);
    }
    s[0] = a00; s[1] = a01; s[2] = a02; s[3] = a03; s[4] = a04;
    s[5] = a05; s[6] = a06; s[7] = a07; s[8] = a08; s[9] = a09;
    s[10] = a10; s[11] = a11; s[12] = a12; s[13] = a13; s[14] = a14;
    s[15] = a15; s[16] = a16; s[17] = a17; s[18] = a18; s[19] = a19;
    s[20] = a20; s[21] = a21; s[22] = a22; s[23] = a23; s[24] = a24;
}

/* XORs one rate-sized block of each of eight messages into the states: word i of message j sits at
 * base + j·stride + 8i (little-endian, unaligned), gathered into lane j of register i. */
AVX512_INLINE void absorb(__m512i s[25], const uint8_t *base, int64_t stride)
{
    const __m512i offsets = _mm512_mullo_epi64(_mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7), _mm512_set1_epi64(stride));
    for (int i = 0; i < RATE_WORDS; i++)
        s[i] = _mm512_xor_si512(s[i], _mm512_i64gather_epi64(offsets, (const void *)(base + 8 * i), 1));
}

/* Keccak-256 of `count` messages of `length` bytes laid end to end (message j at data + j·length), digest j at
 * digests + 32j; the leading multiple of eight are hashed and their number returned. */
AVX512 int zk_keccak256_x8(const uint8_t *data, int length, uint8_t *digests, int count)
{
    int done = count & ~(LANES - 1);
    uint8_t last[LANES * RATE];
    for (int group = 0; group < done; group += LANES)
    {
        const uint8_t *m = data + (int64_t)group * length;
        __m512i s[25];
        for (int i = 0; i < 25; i++) s[i] = _mm512_setzero_si512();
        int offset = 0;
        for (; length - offset >= RATE; offset += RATE)
        {
            absorb(s, m + offset, length);
            permute(s);
        }
        /* The last, possibly empty, block of each message with pad10*1. */
        int rest = length - offset;
        memset(last, 0, sizeof last);
        for (int j = 0; j < LANES; j++)
        {
            memcpy(last + j * RATE, m + (int64_t)j * length + offset, (size_t)rest);
            last[j * RATE + rest] ^= 0x01;
            last[j * RATE + RATE - 1] ^= 0x80;
        }
        absorb(s, last, RATE);
        permute(s);
        uint64_t words[4][LANES];
        for (int i = 0; i < 4; i++) _mm512_storeu_si512(words[i], s[i]);
        for (int j = 0; j < LANES; j++)
            for (int i = 0; i < 4; i++) memcpy(digests + (int64_t)(group + j) * 32 + 8 * i, &words[i][j], 8);
    }
    return done;
}

/* The proof-of-work scan for Keccak-256 over the one-block input prefix(32 bytes) ‖ nonce(8 bytes, big-endian): the
 * padded block is the state itself (words 0..3 the prefix, word 4 the byte-reversed nonce, word 5 0x01, word 16
 * 0x80 << 56). A nonce is valid when the digest's first word (little-endian) AND head_mask_le is zero. Scans `groups`
 * groups of eight nonces from `first`; writes the smallest valid nonce of the first group holding one and returns 1,
 * else returns 0. */
AVX512 int zk_keccak_pow_scan(const uint64_t *prefix_words, uint64_t head_mask_le, uint64_t first, uint64_t groups, uint64_t *nonce)
{
    const __m512i step = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
    const __m512i mask = _mm512_set1_epi64((long long)head_mask_le);
    /* vpshufb indexes bytes within each 128-bit lane: reverse the bytes of each of its two 64-bit words. */
    const __m512i byte_reverse = _mm512_broadcast_i32x4(_mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8));
    uint64_t n = first;
    for (uint64_t g = 0; g < groups; g++, n += LANES)
    {
        __m512i s[25];
        for (int i = 0; i < 25; i++) s[i] = _mm512_setzero_si512();
        for (int i = 0; i < 4; i++) s[i] = _mm512_set1_epi64((long long)prefix_words[i]);
        __m512i nonces = _mm512_add_epi64(_mm512_set1_epi64((long long)n), step);
        s[4] = _mm512_shuffle_epi8(nonces, byte_reverse);
        s[5] = _mm512_set1_epi64(0x01);
        s[16] = _mm512_set1_epi64((long long)(0x80ULL << 56));
        permute(s);
        __mmask8 hits = _mm512_testn_epi64_mask(s[0], mask);
        if (hits)
        {
            *nonce = n + (uint64_t)__builtin_ctz(hits);
            return 1;
        }
    }
    return 0;
}
