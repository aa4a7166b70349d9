using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Layouts;

/// <summary>
/// What a Stone proof's <c>annotations</c> (the verifier's transcript, written by <c>--generate_annotations</c>) say
/// about the out-of-domain step: the interaction elements, the composition's random element α, the point z, and the
/// opened values (the mask's, then the composition columns').
/// </summary>
internal sealed partial class AnnotatedProof
{
    public required AirPublicInput PublicInput { get; init; }
    public required Felt[] InteractionElements { get; init; }
    public required Felt ConstraintRandomElement { get; init; }
    public required Felt Point { get; init; }
    public required Felt[] OodsValues { get; init; }

    public static AnnotatedProof Read(string caseName, string file) => Parse(TestData.Read(caseName, file), file);

    /// <summary>
    /// A proof file outside the shared data, its annotations in it or (<paramref name="annotationPath"/>) in the file
    /// Stone's verifier writes with <c>--annotation_file</c>.
    /// </summary>
    public static AnnotatedProof ReadFile(string path, string? annotationPath = null) =>
        Parse(File.ReadAllBytes(path), path, annotationPath is null ? null : File.ReadAllLines(annotationPath));

    private static AnnotatedProof Parse(byte[] json, string file, IReadOnlyList<string>? annotations = null)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        var lines = annotations ?? root.GetProperty("annotations").EnumerateArray().Select(l => l.GetString()!).ToList();
        var interaction = new SortedDictionary<int, Felt>();
        Felt? alpha = null, point = null;
        var oods = new List<Felt>();
        foreach (string line in lines)
        {
            Match m = InteractionLine().Match(line);
            if (m.Success) { interaction.Add(int.Parse(m.Groups[1].Value), Felt.Parse(m.Groups[2].Value)); continue; }
            if (alpha is null && line.Contains("STARK/Original: Constraint polynomial random element", StringComparison.Ordinal))
                alpha = Single(line);
            else if (point is null && line.Contains("Out Of Domain Sampling/OODS values: Evaluation point", StringComparison.Ordinal))
                point = Single(line);
            else if (line.StartsWith("P->V", StringComparison.Ordinal) && line.Contains("Out Of Domain Sampling/OODS values", StringComparison.Ordinal))
                foreach (Match v in HexValue().Matches(line[line.IndexOf("Field Element", StringComparison.Ordinal)..])) oods.Add(Felt.Parse(v.Value));
        }
        Assert.True(alpha is not null && point is not null && oods.Count > 0, $"{file}: annotations lack the out-of-domain step");
        return new AnnotatedProof
        {
            PublicInput = AirPublicInput.FromJson(root.GetProperty("public_input")),
            InteractionElements = [.. interaction.Values],
            ConstraintRandomElement = alpha!.Value,
            Point = point!.Value,
            OodsValues = [.. oods],
        };
    }

    /// <summary>The evaluation point for <paramref name="layout"/>, with <paramref name="maskValues"/> (default: the proof's).</summary>
    public StoneCompositionPoint At(IStoneLayout layout, Felt[]? maskValues = null, AirPublicInput? publicInput = null)
    {
        long traceLength = PublicInput.NSteps * layout.RowsPerStep;
        return new StoneCompositionPoint
        {
            Point = Point,
            TraceGenerator = TraceGenerator(traceLength),
            TraceLength = traceLength,
            MaskValues = maskValues ?? OodsValues[..layout.Mask.Count],
            InteractionElements = InteractionElements,
            ConstraintRandomElement = ConstraintRandomElement,
            PublicInput = publicInput ?? PublicInput,
        };
    }

    /// <summary>
    /// The composition at z as the prover committed it: H(z) = Σ_i z^i · h_i(z^D) over its D columns
    /// (Stone's <c>CompositionOracleProver</c> splits H that way; the OODS values end with the h_i(z^D)).
    /// </summary>
    public Felt CompositionFromColumns(IStoneLayout layout)
    {
        Assert.Equal(layout.Mask.Count + layout.ConstraintDegree, OodsValues.Length);
        Felt total = Felt.Zero, zi = Felt.One;
        for (int i = 0; i < layout.ConstraintDegree; i++)
        {
            total += zi * OodsValues[layout.Mask.Count + i];
            zi *= Point;
        }
        return total;
    }

    /// <summary>g = 3^((p − 1)/n), the generator of the trace domain Stone uses (3 generates the field's group).</summary>
    public static Felt TraceGenerator(long traceLength) => Felt.FromUInt64(3).Pow((Felt.Modulus - 1) / traceLength);

    private static Felt Single(string line) => Felt.Parse(HexValue().Match(line[line.IndexOf("Field Element", StringComparison.Ordinal)..]).Value);

    [GeneratedRegex(@"Interaction element #(\d+): Field Element\((0x[0-9a-fA-F]+)\)")]
    private static partial Regex InteractionLine();

    [GeneratedRegex(@"0x[0-9a-fA-F]+")]
    private static partial Regex HexValue();
}
