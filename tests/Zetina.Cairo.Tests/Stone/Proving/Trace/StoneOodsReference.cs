using System.Numerics;
using Zetina.Cairo.Run;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Cairo.Tests.Stone.Proving.Trace;

/// <summary>
/// A shared Stone proof's out-of-domain sample: the interaction elements, the point z and the mask values at
/// z·gᵏ, recovered by replaying the proof's commit phase. Every mask value is one trace column's polynomial at one
/// point, so a trace built independently can be compared column by column without matching any commitment.
/// </summary>
internal sealed record StoneOodsReference(AirPublicInput PublicInput, Felt[] InteractionElements, Felt Point, Felt[] MaskValues)
{
    public static StoneOodsReference Load(string dir, string proofFile, StoneCairoLayout layout) =>
        FromProof(TestData.Read(dir, proofFile), layout, [StoneStatementVersion.Stone5, StoneStatementVersion.Stone6]);

    /// <summary>The sample of a proof file's bytes, replayed with the first of <paramref name="versions"/> whose proof of work holds.</summary>
    public static StoneOodsReference FromProof(byte[] json, StoneCairoLayout layout, StoneStatementVersion[] versions)
    {
        StoneProofFile file = StoneProofFile.Parse(json);
        StoneProofParameters p = file.Parameters;
        int logTrace = BitOperations.Log2((ulong)(p.LastLayerDegreeBound << p.FriStepList.Sum()));
        var domains = new StoneDomains(logTrace, logTrace + p.LogNCosets);
        StoneTranscript? kept = null;
        foreach (StoneStatementVersion version in versions)
        {
            IStoneChannel channel = StoneStatementSeed.TryOpenChannel(StoneStatementSeed.Build(file.PublicInput, layout, p, version), p)!;
            StoneTranscript? t = StoneTranscript.TryReplay(channel, new StoneProofReader(file.Proof), layout, p, domains, out _);
            if (t is not null && t.ProofOfWorkHolds) { kept = t; break; }
        }
        Assert.True(kept is not null, "no statement version's replay reaches a proof of work that holds");
        return new StoneOodsReference(file.PublicInput, kept.InteractionElements, kept.OodsPoint, kept.OodsValues[..layout.Mask.Count]);
    }

    /// <summary>
    /// For each mask entry, whether the trace's column polynomial at z·g^offset equals the proof's value; the
    /// columns of <paramref name="main"/> first, then those of <paramref name="interaction"/>. Only the entries of
    /// <paramref name="columns"/> are evaluated (each costs a pass over the trace); the others read false.
    /// </summary>
    public bool[] Compare(StoneCairoLayout layout, StoneTraceTable main, StoneTraceTable interaction, int[] columns)
    {
        int n = main.Rows;
        Felt g = RootsOfUnity.PrimitiveRoot(BitOperations.Log2((uint)n));
        var coefficients = new Dictionary<int, Felt[]>();
        IReadOnlyList<StoneMaskEntry> mask = layout.Mask;
        var match = new bool[mask.Count];
        for (int i = 0; i < mask.Count; i++)
        {
            StoneMaskEntry e = mask[i];
            if (!columns.Contains(e.Column)) continue;
            if (!coefficients.TryGetValue(e.Column, out Felt[]? c))
            {
                StoneTraceTable table = e.Column < layout.TraceColumns ? main : interaction;
                c = (Felt[])table.Columns[e.Column - table.FirstColumn].Clone();
                Radix2Ntt.Inverse(c, maxThreads: 2);
                coefficients[e.Column] = c;
            }
            Felt x = Point * (e.RowOffset >= 0 ? g.Pow((ulong)e.RowOffset) : g.Pow((ulong)-e.RowOffset).Inverse());
            Felt y = Felt.Zero;
            for (int k = c.Length - 1; k >= 0; k--) y = y * x + c[k];
            match[i] = y == MaskValues[i];
        }
        return match;
    }
}
