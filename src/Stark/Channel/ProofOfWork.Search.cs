using System.Buffers.Binary;
using Zetina.Stark.Common;

namespace Zetina.Stark.Channel;

// The search: the nonce range is cut into chunks handed out in increasing order; each thread takes the next chunk,
// scans it to its first valid nonce, and publishes the smallest found so far. A thread stops taking chunks that start
// at or above that value. Every chunk below the answer is therefore scanned to its end by someone, so the answer is
// the smallest valid nonce whatever the number of threads or their timing.
public static partial class ProofOfWork
{
    /// <summary>
    /// Nonces per chunk: large enough that handing one out (an interlocked add) costs nothing, small enough that the
    /// work past the answer — at most a chunk per thread — stays under a millisecond or so.
    /// </summary>
    internal const ulong ChunkNonces = 1 << 14;

    /// <summary>The search with its lane width spelled out (tests and benchmarks compare the widths).</summary>
    internal static ulong FindNonce(ProofOfWorkHash hash, ReadOnlySpan<byte> prefix32, int bits, ulong startNonce, int maxThreads, GrindingLanes lanes)
    {
        ValidateBits(bits);
        ValidatePrefix(prefix32);
        if (bits == 0) return startNonce;
        if (!TryFindNonce(hash, prefix32, bits, startNonce, ulong.MaxValue, maxThreads, lanes, out ulong nonce))
            throw new InvalidOperationException($"no nonce in [{startNonce}, 2^64) has {bits} leading zero bits");
        return nonce;
    }

    /// <summary>
    /// The smallest valid nonce in [<paramref name="first"/>, <paramref name="last"/>], or false when there is none
    /// (the benchmarks time a fixed range this way). Arguments are validated by the caller.
    /// </summary>
    internal static bool TryFindNonce(ProofOfWorkHash hash, ReadOnlySpan<byte> prefix32, int bits, ulong first, ulong last, int maxThreads, GrindingLanes lanes, out ulong nonce)
    {
        if (lanes == GrindingLanes.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) lanes = GrindingLanes.Vector256;
        if (lanes == GrindingLanes.Native && (hash != ProofOfWorkHash.Keccak256 || !Hashing.NativeKeccak.Enabled)) lanes = GrindingLanes.Vector256;
        var target = new Target(hash, prefix32, HeadMask(bits));
        ulong lastChunk = (last - first) / ChunkNonces;
        long nextChunk = -1;
        ulong best = ulong.MaxValue;
        int found = 0;
        int threads = Parallelism.Resolve(maxThreads);
        Parallelism.For(threads, threads, _ =>
        {
            while (true)
            {
                ulong chunk = (ulong)Interlocked.Increment(ref nextChunk);
                if (chunk > lastChunk) return;
                ulong chunkFirst = first + chunk * ChunkNonces;
                if (Volatile.Read(ref found) != 0 && chunkFirst >= Volatile.Read(ref best)) return;
                // The last chunk may be short: it ends at `last`.
                ulong count = Math.Min(ChunkNonces - 1, last - chunkFirst) + 1;
                if (!Scan(target, chunkFirst, count, lanes, out ulong hit)) continue;
                ulong seen = Volatile.Read(ref best);
                while (hit < seen)
                {
                    ulong previous = Interlocked.CompareExchange(ref best, hit, seen);
                    if (previous == seen) break;
                    seen = previous;
                }
                Volatile.Write(ref found, 1);
                return;
            }
        });
        nonce = best;
        return found != 0;
    }

    /// <summary>The first valid nonce in [<paramref name="first"/>, first + count), or false; first + count must not overflow.</summary>
    private static bool Scan(Target target, ulong first, ulong count, GrindingLanes lanes, out ulong nonce)
    {
        // Whole groups of lanes in SIMD, then the rest (only at the very end of the range) one nonce at a time.
        int width = (lanes, target.Hash) switch
        {
            (GrindingLanes.Vector256, ProofOfWorkHash.Keccak256) => 4,
            (GrindingLanes.Vector512, ProofOfWorkHash.Keccak256) => 8,
            (GrindingLanes.Native, _) => Hashing.NativeKeccak.Lanes,
            (GrindingLanes.Vector256, _) => 8,
            (GrindingLanes.Vector512, _) => 16,
            _ => 1,
        };
        ulong groups = count / (ulong)width;
        nonce = 0;
        bool hit = lanes == GrindingLanes.Native ? ScanKeccakNative(target, first, groups, out nonce) : (width, target.Hash) switch
        {
            (1, _) => false,
            (4, _) => ScanKeccak256(target, first, groups, out nonce),
            (8, ProofOfWorkHash.Keccak256) => ScanKeccak512(target, first, groups, out nonce),
            (8, _) => ScanBlake2s256(target, first, groups, out nonce),
            _ => ScanBlake2s512(target, first, groups, out nonce),
        };
        if (hit) return true;
        ulong done = width == 1 ? 0 : groups * (ulong)width;
        return ScanScalar(target, first + done, count - done, out nonce);
    }

    /// <summary>Scans <paramref name="groups"/> groups of eight nonces in the native AVX-512 Keccak kernel.</summary>
    private static unsafe bool ScanKeccakNative(Target target, ulong first, ulong groups, out ulong nonce)
    {
        fixed (ulong* prefix = target.PrefixLanes)
            return Hashing.NativeKeccak.PowScan(prefix, BinaryPrimitives.ReverseEndianness(target.HeadMask), first, groups, out nonce) != 0;
    }

    /// <summary>The first valid nonce in [<paramref name="first"/>, first + count), one at a time through <see cref="IsValid"/>.</summary>
    private static bool ScanScalar(Target target, ulong first, ulong count, out ulong nonce)
    {
        for (ulong i = 0; i < count; i++)
        {
            if (IsValid(target.Hash, target.Prefix, target.HeadMask, first + i))
            {
                nonce = first + i;
                return true;
            }
        }
        nonce = 0;
        return false;
    }

    /// <summary>What a search looks for, with the prefix pre-split into the words the lane cores load.</summary>
    private sealed class Target
    {
        public Target(ProofOfWorkHash hash, ReadOnlySpan<byte> prefix32, ulong headMask)
        {
            Hash = hash;
            Prefix = prefix32.ToArray();
            HeadMask = headMask;
            for (int i = 0; i < 4; i++) PrefixLanes[i] = BinaryPrimitives.ReadUInt64LittleEndian(prefix32[(8 * i)..]);
            for (int i = 0; i < 8; i++) PrefixWords[i] = BinaryPrimitives.ReadUInt32LittleEndian(prefix32[(4 * i)..]);
        }

        public ProofOfWorkHash Hash { get; }

        public byte[] Prefix { get; }

        /// <summary>The digest's first 64 bits read big-endian must vanish under this mask.</summary>
        public ulong HeadMask { get; }

        /// <summary>The prefix as Keccak lanes 0–3 (little-endian 64-bit words).</summary>
        public ulong[] PrefixLanes { get; } = new ulong[4];

        /// <summary>The prefix as BLAKE2s message words 0–7 (little-endian 32-bit words).</summary>
        public uint[] PrefixWords { get; } = new uint[8];
    }
}
