using System.Buffers.Binary;
using System.Text;
using Zetina.Stark.Air;
using Zetina.Stark.Channel;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;
using Zetina.Stark.Parameters;

namespace Zetina.Stark.Proof;

/// <summary>What prover and verifier derive identically: the initial transcript, the FRI layout and the rows queries open.</summary>
public static class ProofTranscript
{
    /// <summary>The domain-separation string the channel starts from.</summary>
    public const string Domain = "zetina-stark-v1";

    /// <summary>
    /// Round 0: a channel over the parameters' hash that has absorbed the AIR name, the parameters, log₂ n and
    /// the public input, in that order.
    /// </summary>
    public static HashChannel Start(IAir air, StarkParameters parameters)
    {
        var channel = new HashChannel(MerkleHashes.ChannelHashFor(parameters.Hash), Encoding.UTF8.GetBytes(Domain));
        channel.Absorb(Encoding.UTF8.GetBytes(air.Name));
        channel.Absorb(EncodeParameters(parameters, PowerOfTwo.Log2(air.TraceLength)));
        channel.AbsorbFelts(air.PublicInput);
        return channel;
    }

    /// <summary>The parameter block absorbed in round 0 (and written by the binary serializer).</summary>
    public static byte[] EncodeParameters(StarkParameters p, int logTraceLength)
    {
        byte[] hash = Encoding.UTF8.GetBytes(p.Hash);
        var buffer = new byte[4 * 6 + 4 * p.FriStepList.Length + hash.Length];
        var span = buffer.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, logTraceLength);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], p.LogNCosets);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], p.NQueries);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], p.ProofOfWorkBits);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], p.LastLayerDegreeBound);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], p.FriStepList.Length);
        for (int i = 0; i < p.FriStepList.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(span[(24 + 4 * i)..], p.FriStepList[i]);
        hash.CopyTo(span[(24 + 4 * p.FriStepList.Length)..]);
        return buffer;
    }

    /// <summary>The FRI layout on the evaluation domain: layer 0 is the DEEP polynomial on D.</summary>
    public static FriLayout Layout(StarkParameters p, EvaluationDomain domain) =>
        new(domain.LogSize, p.FriStepList, p.LastLayerDegreeBound, domain.Shift);

    /// <summary>
    /// The table leaves to open: leaf i of every committed table over D holds the rows of layer 0's folding coset
    /// i + c·M₀ (c &lt; 2^step₀), so a query q opens leaf q mod M₀. Sorted, distinct. A short table opens these leaves
    /// modulo its own leaf count (<see cref="ShortTableLeaves"/>).
    /// </summary>
    public static int[] QueryLeaves(FriLayout layout, ReadOnlySpan<int> queries)
    {
        int m = layout.CosetCount(0);
        var set = new SortedSet<int>();
        foreach (int q in queries) set.Add(q % m);
        return [.. set];
    }

    /// <summary>
    /// The columns whose rows are a table's leaves: for every coset slot c &lt; arity and every column w, the
    /// slice [c·M, (c+1)·M) of column w (M = N / arity) — leaf i is then rows i + c·M of all columns, slot-major.
    /// </summary>
    public static ReadOnlyMemory<Felt>[] CosetColumns(IReadOnlyList<Felt[]> columns, int arity)
    {
        int width = columns.Count, m = columns[0].Length / arity;
        var result = new ReadOnlyMemory<Felt>[arity * width];
        for (int c = 0; c < arity; c++)
            for (int w = 0; w < width; w++) result[c * width + w] = columns[w].AsMemory(c * m, m);
        return result;
    }

    /// <summary>Draws the query positions in [0, N).</summary>
    public static int[] DrawQueries(IChannel channel, StarkParameters p, int logTraceLength)
    {
        var queries = new int[p.NQueries];
        for (int i = 0; i < queries.Length; i++) queries[i] = channel.DrawIndex(1 << (logTraceLength + p.LogNCosets));
        return queries;
    }

    /// <summary>
    /// Draws the out-of-domain point: redrawn while z lies in the trace domain or the evaluation domain (then no
    /// z·ω_n^o does either, since ω_n is in both).
    /// </summary>
    public static Felt DrawOutOfDomainPoint(IChannel channel, EvaluationDomain domain)
    {
        Felt shiftInv = domain.Shift.Inverse();
        while (true)
        {
            Felt z = channel.DrawFelt();
            if (z.Pow(1UL << domain.LogTraceLength) == Felt.One) continue;
            if (Felt.Mul(z, shiftInv).Pow(1UL << domain.LogSize) == Felt.One) continue;
            return z;
        }
    }

    /// <summary>The first <paramref name="count"/> powers base^i, i = 0, 1, ….</summary>
    public static Felt[] Powers(in Felt baseValue, int count)
    {
        var p = new Felt[count];
        FeltSpan.Powers(Felt.One, baseValue, p);
        return p;
    }
}
