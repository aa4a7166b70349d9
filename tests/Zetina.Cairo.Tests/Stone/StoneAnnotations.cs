using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Zetina.Cairo.Tests.Stone;

/// <summary>The verifier's transcript that Stone writes into a proof's <c>annotations</c>, read back as values.</summary>
internal sealed partial class StoneAnnotations
{
    public BigInteger TraceCommitment;
    public BigInteger? InteractionCommitment;
    public readonly List<BigInteger> InteractionElements = [];
    public BigInteger CompositionAlpha;
    public BigInteger CompositionCommitment;
    public BigInteger OodsPoint;
    public readonly List<BigInteger> OodsValues = [];
    public BigInteger OodsAlpha;
    public readonly List<BigInteger> FriCommitments = [];
    public readonly List<BigInteger> FriEvalPoints = [];
    public readonly List<BigInteger> LastLayer = [];
    public BigInteger? PowNonce;
    public readonly List<ulong> Queries = [];
    /// <summary>Distinct columns opened per trace (Virtual Oracle/Trace k).</summary>
    public readonly Dictionary<int, HashSet<int>> TraceColumns = [];

    public static StoneAnnotations Parse(IReadOnlyList<string> lines)
    {
        var a = new StoneAnnotations();
        bool compositionAlphaSeen = false;
        foreach (string line in lines)
        {
            if (line.Contains("/STARK/Original/Commit on Trace: Commitment")) a.TraceCommitment = Hex(line);
            else if (line.Contains("Interaction element #")) a.InteractionElements.Add(Hex(line));
            else if (line.Contains("/STARK/Interaction/Commit on Trace: Commitment")) a.InteractionCommitment = Hex(line);
            else if (line.Contains("Constraint polynomial random element"))
            {
                if (!compositionAlphaSeen) { a.CompositionAlpha = Hex(line); compositionAlphaSeen = true; }
                else a.OodsAlpha = Hex(line);
            }
            else if (line.Contains("/Out Of Domain Sampling/Commit on Trace: Commitment")) a.CompositionCommitment = Hex(line);
            else if (line.Contains("OODS values: Evaluation point")) a.OodsPoint = Hex(line);
            else if (line.Contains("OODS values:") && line.StartsWith("P->V", StringComparison.Ordinal)) a.OodsValues.AddRange(AllHex(line));
            else if (line.Contains("/FRI/Commitment/Layer") && line.Contains("Commitment: Hash")) a.FriCommitments.Add(Hex(line));
            else if (line.Contains("/FRI/Commitment/Layer") && line.Contains("Evaluation point")) a.FriEvalPoints.Add(Hex(line));
            else if (line.Contains("Last Layer: Coefficients")) a.LastLayer.AddRange(AllHex(line));
            else if (line.Contains("POW: Data")) a.PowNonce = Hex(line);
            else if (line.Contains("QueryIndices:")) a.Queries.Add(ulong.Parse(NumberRegex().Match(line).Groups[1].Value, CultureInfo.InvariantCulture));
            else if (line.Contains("Virtual Oracle/Trace") && line.Contains(", Column "))
            {
                Match m = ColumnRegex().Match(line);
                int trace = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!a.TraceColumns.TryGetValue(trace, out HashSet<int>? set)) a.TraceColumns[trace] = set = [];
                set.Add(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }
        return a;
    }

    private static BigInteger Hex(string line) => AllHex(line)[^1];

    private static List<BigInteger> AllHex(string line)
    {
        var list = new List<BigInteger>();
        int open = line.LastIndexOf('(');
        foreach (Match m in HexRegex().Matches(line[open..]))
            list.Add(BigInteger.Parse("0" + m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return list;
    }

    [GeneratedRegex("0x([0-9a-fA-F]+)")]
    private static partial Regex HexRegex();

    [GeneratedRegex(@"Number\((\d+)\)")]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"Trace (\d+): Row \d+, Column (\d+)")]
    private static partial Regex ColumnRegex();
}
