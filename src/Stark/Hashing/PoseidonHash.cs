using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Zetina.Stark.Field;

namespace Zetina.Stark.Hashing;

/// <summary>
/// StarkNet's Poseidon: the Hades permutation over the Stark252 field with width 3 (rate 2, capacity 1), 8 full and
/// 83 partial rounds, S-box x³ and the MDS matrix [[3, 1, 1], [1, −1, 1], [1, 1, −2]]; and the sponge functions
/// cairo-lang builds on it (<c>starkware/cairo/common/poseidon_hash.py</c>).
/// </summary>
/// <remarks>
/// Round constants are derived here exactly as StarkWare's reference does (github.com/starkware-industries/poseidon,
/// <c>poseidon/generate_params.py</c>: <c>generate_round_constant("Hades", p, idx)</c> =
/// int(SHA-256(ascii("Hades" + str(idx)))) mod p, with idx = 3·round + position), rather than copied as a table.
/// The permutation follows the reference's round structure: every round adds its three constants, applies the S-box
/// to all three lanes (full rounds: the first 4 and the last 4) or only to the last lane (the 83 partial rounds), then
/// multiplies by the MDS matrix. The permutation computed here is that one, with the partial rounds' constants moved
/// as <see cref="DeriveOptimizedConstants"/> explains. Not constant-time concerns: all inputs are public.
/// </remarks>
public static partial class PoseidonHash
{
    /// <summary>State width t = rate + capacity.</summary>
    public const int Width = 3;

    /// <summary>Number of full rounds (half before, half after the partial rounds).</summary>
    public const int FullRounds = 8;

    /// <summary>Number of partial rounds.</summary>
    public const int PartialRounds = 83;

    private const int Rounds = FullRounds + PartialRounds;

    /// <summary>Round constants, row-major: constant j of round i at index 3i + j.</summary>
    private static readonly Felt[] s_roundConstants = DeriveRoundConstants();

    /// <summary>
    /// The constants the permutation adds, rearranged (<see cref="DeriveOptimizedConstants"/>): 3 for each of the first
    /// four full rounds, then 1 for each partial round, then 3 for each of the last four full rounds.
    /// </summary>
    private static readonly Felt[] s_optimizedConstants = DeriveOptimizedConstants(s_roundConstants);

    /// <summary>Where the partial rounds' single constants begin in <see cref="s_optimizedConstants"/>.</summary>
    private const int PartialConstantsAt = Width * FullRounds / 2;

    /// <summary>Where the last full rounds' constants begin in <see cref="s_optimizedConstants"/>.</summary>
    private const int LastFullConstantsAt = PartialConstantsAt + PartialRounds;

    /// <summary>Round constant of <paramref name="lane"/> in round <paramref name="round"/> (0 ≤ round &lt; 91): what the Cairo AIR's Poseidon lanes read as periodic columns.</summary>
    internal static Felt RoundConstant(int round, int lane) => s_roundConstants[Width * round + lane];

    /// <summary>Total rounds of the permutation (full and partial).</summary>
    internal const int TotalRounds = Rounds;

    /// <summary>
    /// The 273 round constants, row-major (constant j of round i at 3i + j): the one derivation, also what the GPU
    /// Poseidon kernels upload as their constant buffer.
    /// </summary>
    internal static ReadOnlySpan<Felt> RoundConstants => s_roundConstants;

    /// <summary>
    /// Derives the 273 round constants: SHA-256 of the ASCII text "Hades{idx}", read as a big-endian integer, mod p
    /// (StarkWare's <c>generate_round_constant</c>).
    /// </summary>
    private static Felt[] DeriveRoundConstants()
    {
        var constants = new Felt[Rounds * Width];
        Span<byte> digest = stackalloc byte[32];
        for (int idx = 0; idx < constants.Length; idx++)
        {
            SHA256.HashData(Encoding.ASCII.GetBytes("Hades" + idx.ToString(System.Globalization.CultureInfo.InvariantCulture)), digest);
            constants[idx] = Felt.FromBytesBigEndianReduced(digest);
        }
        return constants;
    }

    /// <summary>
    /// Moves the partial rounds' constants of lanes 0 and 1 forward, so that every partial round adds one constant, to
    /// the lane that enters the S-box (the "optimized partial rounds" of Grassi et al., "Poseidon", USENIX Security
    /// 2021, appendix B, in the form that keeps the MDS matrix: only the constant additions move).
    /// </summary>
    /// <remarks>
    /// A partial round maps s to M·(s₀ + a, s₁ + b, S(s₂ + c)). Carry a pending constant δ beside the state (true state
    /// = s + δ, δ = 0 before the first partial round): the round adds c̃ = δ₂ + c to lane 2 before the S-box, and
    /// since lanes 0 and 1 pass the S-box untouched and M is linear, their pending e = (δ₀ + a, δ₁ + b, 0) leaves the
    /// round as M·e = (3e₀ + e₁, e₀ − e₁, e₀ + e₁), the next δ. After the last partial round the δ left joins the first
    /// of the last full rounds' constants. Field identities only, so the output is the textbook permutation's; the
    /// tests compare the two.
    /// </remarks>
    private static Felt[] DeriveOptimizedConstants(ReadOnlySpan<Felt> rc)
    {
        var constants = new Felt[Width * FullRounds + PartialRounds];
        rc[..PartialConstantsAt].CopyTo(constants);
        Felt d0 = Felt.Zero, d1 = Felt.Zero, d2 = Felt.Zero;
        for (int i = 0; i < PartialRounds; i++)
        {
            int r = FullRounds / 2 + i;
            constants[PartialConstantsAt + i] = Felt.Add(d2, rc[Width * r + 2]);
            Felt e0 = Felt.Add(d0, rc[Width * r]), e1 = Felt.Add(d1, rc[Width * r + 1]);
            d0 = Felt.Add(Felt.Add(e0.Double(), e0), e1);
            d1 = Felt.Sub(e0, e1);
            d2 = Felt.Add(e0, e1);
        }
        int last = Width * (FullRounds / 2 + PartialRounds);
        rc[last..].CopyTo(constants.AsSpan(LastFullConstantsAt));
        constants[LastFullConstantsAt] = Felt.Add(constants[LastFullConstantsAt], d0);
        constants[LastFullConstantsAt + 1] = Felt.Add(constants[LastFullConstantsAt + 1], d1);
        constants[LastFullConstantsAt + 2] = Felt.Add(constants[LastFullConstantsAt + 2], d2);
        return constants;
    }

    /// <summary>The Hades permutation applied in place to a state of exactly three felts.</summary>
    /// <exception cref="ArgumentException">The state does not hold exactly three elements.</exception>
    public static void Permute(Span<Felt> state)
    {
        if (state.Length != Width) throw new ArgumentException($"the Poseidon state is {Width} felts, got {state.Length}", nameof(state));
        Felt s0 = state[0], s1 = state[1], s2 = state[2];
        Permute(ref s0, ref s1, ref s2);
        state[0] = s0; state[1] = s1; state[2] = s2;
    }

    /// <summary>poseidon_hash(x, y) = hades([x, y, 2])[0] (the 2 encodes the input length in the capacity lane).</summary>
    public static Felt Hash(in Felt x, in Felt y)
    {
        Felt s0 = x, s1 = y, s2 = Felt.FromUInt64(2);
        Permute(ref s0, ref s1, ref s2);
        return s0;
    }

    /// <summary>poseidon_hash_single(x) = hades([x, 0, 1])[0].</summary>
    public static Felt HashSingle(in Felt x)
    {
        Felt s0 = x, s1 = Felt.Zero, s2 = Felt.One;
        Permute(ref s0, ref s1, ref s2);
        return s0;
    }

    /// <summary>
    /// poseidon_hash_many(xs): append 1, pad with zeros to even length, then from [0, 0, 0] absorb two elements at a
    /// time by field addition into lanes 0 and 1, permuting after each pair; the result is lane 0.
    /// </summary>
    public static Felt HashMany(ReadOnlySpan<Felt> xs)
    {
        Felt s0 = Felt.Zero, s1 = Felt.Zero, s2 = Felt.Zero;
        int i = 0;
        for (; i + 2 <= xs.Length; i += 2)
        {
            s0 = Felt.Add(s0, xs[i]);
            s1 = Felt.Add(s1, xs[i + 1]);
            Permute(ref s0, ref s1, ref s2);
        }
        // The last block: [x, 1] when one element is left, else [1, 0].
        if (i < xs.Length)
        {
            s0 = Felt.Add(s0, xs[i]);
            s1 = Felt.Add(s1, Felt.One);
        }
        else
        {
            s0 = Felt.Add(s0, Felt.One);
        }
        Permute(ref s0, ref s1, ref s2);
        return s0;
    }

    /// <summary>The permutation on three lanes.</summary>
    /// <remarks>
    /// The lanes are copied into locals and every round is written out in this one method: through <c>ref</c>
    /// parameters the JIT keeps them in memory, and each round trip costs more than the additions around it.
    /// </remarks>
    internal static void Permute(ref Felt state0, ref Felt state1, ref Felt state2)
    {
        Felt s0 = state0, s1 = state1, s2 = state2;
        ReadOnlySpan<Felt> rc = s_optimizedConstants;
        for (int r = 0; r < FullRounds / 2; r++)
        {
            s0 = Cube(Felt.Add(s0, rc[3 * r]));
            s1 = Cube(Felt.Add(s1, rc[3 * r + 1]));
            s2 = Cube(Felt.Add(s2, rc[3 * r + 2]));
            Mix(s0, s1, s2, out s0, out s1, out s2);
        }
        ReadOnlySpan<Felt> partial = rc.Slice(PartialConstantsAt, PartialRounds);
        for (int r = 0; r < partial.Length; r++)
        {
            s2 = Cube(Felt.Add(s2, partial[r]));
            Mix(s0, s1, s2, out s0, out s1, out s2);
        }
        ReadOnlySpan<Felt> last = rc[LastFullConstantsAt..];
        for (int r = 0; r < FullRounds / 2; r++)
        {
            s0 = Cube(Felt.Add(s0, last[3 * r]));
            s1 = Cube(Felt.Add(s1, last[3 * r + 1]));
            s2 = Cube(Felt.Add(s2, last[3 * r + 2]));
            Mix(s0, s1, s2, out s0, out s1, out s2);
        }
        state0 = s0; state1 = s1; state2 = s2;
    }

    /// <summary>x³, the S-box.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Felt Cube(in Felt x) => Felt.Mul(Felt.Square(x), x);

    /// <summary>
    /// Multiplies by M = [[3, 1, 1], [1, −1, 1], [1, 1, −2]] using t = s0 + s1 + s2:
    /// (t + 2·s0, t − 2·s1, t − 3·s2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix(Felt s0, Felt s1, Felt s2, out Felt n0, out Felt n1, out Felt n2)
    {
        Felt t = Felt.Add(Felt.Add(s0, s1), s2);
        n0 = Felt.Add(t, s0.Double());
        n1 = Felt.Sub(t, s1.Double());
        n2 = Felt.Sub(t, Felt.Add(s2.Double(), s2));
    }
}
