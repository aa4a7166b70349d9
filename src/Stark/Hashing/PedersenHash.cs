using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Stark.Hashing;

/// <summary>
/// StarkNet's Pedersen hash (cairo-lang <c>starkware/crypto/signature/fast_pedersen_hash.py</c>):
/// H(a, b) = [P0 + a_low·P1 + a_high·P2 + b_low·P3 + b_high·P4].x, where x_low is the low 248 bits of x and
/// x_high its top 4 bits; and <c>compute_hash_on_elements</c>.
/// </summary>
/// <remarks>
/// The points are derived from π (<see cref="ConstantPoints"/>). P1 and P3 have tables of d·2^(b·w)·P for the
/// signed b-bit digits d and windows w (<see cref="FixedBaseTable"/>), so one hash is a few dozen mixed Jacobian
/// additions and one inversion, against about 500 additions and 500 doublings for double-and-add. Two sizes: the
/// first <see cref="SmallTableHashes"/> hashes of a process use 7-bit windows (36 windows, 4 600 points for both
/// bases); after that, 11-bit windows (23 windows, 47 000 points, 1.5 MB per base, about 0.05 s to build) cut a
/// hash from about 74 additions to 48 for the runners that hash thousands of times. Both give the same point, hence
/// the same x. The small tables are not built but read: <c>scripts/generate-pedersen-tables.py</c> computed them
/// ahead of time (<see cref="PedersenTableData"/>; the tests check them against <see cref="FixedBaseTable"/>'s
/// build), so a cold process's first hash costs a base64 decode instead of 4 600 point additions: a verifier
/// hashing one program pays little before its first hash. Variable-time: inputs are public.
/// </remarks>
public static class PedersenHash
{
    /// <summary>Hashes served by the small tables before the large ones are built (about where they break even).</summary>
    internal const int SmallTableHashes = 2048;

    /// <summary>The tables of the four bases: the 248 low bits of an input in windows, its 4 high bits in one window.</summary>
    private sealed class Tables(FixedBaseTable p1, FixedBaseTable p2, FixedBaseTable p3, FixedBaseTable p4)
    {
        public readonly FixedBaseTable P1 = p1, P2 = p2, P3 = p3, P4 = p4;
        public readonly JacobianPoint Shift = JacobianPoint.FromAffine(ConstantPoints.ShiftPoint);

        /// <summary>Builds the tables with <paramref name="lowWindows"/> windows of <paramref name="lowBits"/> bits.</summary>
        public static Tables Build(int lowWindows, int lowBits) => new(
            new FixedBaseTable(ConstantPoints.P1, lowWindows, lowBits), new FixedBaseTable(ConstantPoints.P2, 1, 5),
            new FixedBaseTable(ConstantPoints.P3, lowWindows, lowBits), new FixedBaseTable(ConstantPoints.P4, 1, 5));

        /// <summary>The 7-bit tables as <c>scripts/generate-pedersen-tables.py</c> stored them (equal to <c>Build(36, 7)</c>).</summary>
        public static Tables Stored()
        {
            FixedBaseTable[] t = StoredSmallTables();
            return new Tables(t[0], t[1], t[2], t[3]);
        }
    }

    /// <summary>The small tables of P1, P2, P3, P4 decoded from <see cref="PedersenTableData"/>.</summary>
    internal static FixedBaseTable[] StoredSmallTables()
    {
        byte[] data = new byte[Base64.GetMaxDecodedFromUtf8Length(PedersenTableData.SmallTablesBase64.Length)];
        if (Base64.DecodeFromUtf8(PedersenTableData.SmallTablesBase64, data, out _, out int written) != OperationStatus.Done)
            throw new InvalidOperationException("Pedersen tables: the stored data is not base64");
        int lowBytes = 64 * PedersenTableData.LowWindows * (1 << (PedersenTableData.LowBits - 1));
        int highBytes = 64 * PedersenTableData.HighWindows * (1 << (PedersenTableData.HighBits - 1));
        if (written != 2 * (lowBytes + highBytes)) throw new InvalidOperationException($"Pedersen tables: {written} bytes stored, expected {2 * (lowBytes + highBytes)}");
        int p3At = lowBytes + highBytes;
        return
        [
            new FixedBaseTable(data.AsSpan(0, lowBytes), PedersenTableData.LowWindows, PedersenTableData.LowBits),
            new FixedBaseTable(data.AsSpan(lowBytes, highBytes), PedersenTableData.HighWindows, PedersenTableData.HighBits),
            new FixedBaseTable(data.AsSpan(p3At, lowBytes), PedersenTableData.LowWindows, PedersenTableData.LowBits),
            new FixedBaseTable(data.AsSpan(p3At + lowBytes, highBytes), PedersenTableData.HighWindows, PedersenTableData.HighBits),
        ];
    }

    private static readonly Lazy<Tables> s_small = new(Tables.Stored);
    private static readonly Lazy<Tables> s_large = new(() => Tables.Build(23, 11));
    private static int s_smallHashes;

    /// <summary>The large tables once built or once the small ones have served their share; else the small ones.</summary>
    private static Tables Current()
    {
        if (s_large.IsValueCreated || Volatile.Read(ref s_smallHashes) >= SmallTableHashes) return s_large.Value;
        Interlocked.Increment(ref s_smallHashes);
        return s_small.Value;
    }

    /// <summary>pedersen(a, b) for felts a, b.</summary>
    public static Felt Hash(in Felt a, in Felt b) => Hash(a, b, Current());

    /// <summary>pedersen(a, b) with the small (6-bit) or the large (11-bit) tables: the same value either way.</summary>
    internal static Felt Hash(in Felt a, in Felt b, bool largeTables) => Hash(a, b, largeTables ? s_large.Value : s_small.Value);

    [SkipLocalsInit]
    private static Felt Hash(in Felt a, in Felt b, Tables t)
    {
        Span<ulong> lo = stackalloc ulong[4];
        Span<ulong> hi = stackalloc ulong[4];
        JacobianPoint acc = t.Shift;
        acc = AddFelt(acc, a, t.P1, t.P2, lo, hi);
        acc = AddFelt(acc, b, t.P3, t.P4, lo, hi);
        return acc.AffineX();
    }

    /// <summary>acc + x_low·Pl + x_high·Ph.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static JacobianPoint AddFelt(JacobianPoint acc, in Felt x, FixedBaseTable low, FixedBaseTable high, Span<ulong> lo, Span<ulong> hi)
    {
        x.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        lo[0] = x0; lo[1] = x1; lo[2] = x2; lo[3] = x3 & 0x00FF_FFFF_FFFF_FFFFUL;
        hi[0] = x3 >> 56; hi[1] = 0; hi[2] = 0; hi[3] = 0;
        acc = low.Accumulate(acc, lo);
        return high.Accumulate(acc, hi);
    }

    /// <summary>
    /// compute_hash_on_elements(xs) = pedersen(…pedersen(pedersen(0, xs[0]), xs[1])…, len(xs)).
    /// </summary>
    public static Felt HashOnElements(ReadOnlySpan<Felt> xs)
    {
        Felt h = Felt.Zero;
        foreach (Felt x in xs) h = Hash(h, x);
        return Hash(h, Felt.FromUInt64((ulong)xs.Length));
    }
}
