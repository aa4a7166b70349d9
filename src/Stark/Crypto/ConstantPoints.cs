using Zetina.Stark.Field;

namespace Zetina.Stark.Crypto;

/// <summary>
/// StarkWare's constant points, derived from the decimal digits of π as StarkWare describes them
/// (docs.starkware.co, "Pedersen hash function" and "STARK curve"; the points in cairo-lang's
/// <c>starkware/crypto/signature/pedersen_params.json</c>, CONSTANT_POINTS[0..1] and the P1…P4 bases at
/// indices 2, 250, 254, 502): point i (i = 0 … 5) starts from x = int(π digits [76(i+1), 76(i+2))) mod p, where
/// digit 0 is the leading 3, and takes the first x upwards for which x³ + x + β is a square, with the smaller of
/// the two roots as y.
/// </summary>
/// <remarks>
/// In order: P0 (Pedersen's shift point), G (the ECDSA generator), P1, P2, P3, P4 (Pedersen's bases).
/// A process reads them from <see cref="PedersenTableData"/>, written ahead of time by
/// <c>scripts/generate-pedersen-tables.py</c>, rather than paying for π's digits and six square roots at start;
/// the tests check that <see cref="Derive"/> gives the same points and that these are the published ones.
/// </remarks>
public static class ConstantPoints
{
    private static readonly EcPoint[] s_points = Read();

    /// <summary>Pedersen's shift point P0.</summary>
    public static EcPoint ShiftPoint => s_points[0];

    /// <summary>The ECDSA generator G.</summary>
    public static EcPoint Generator => s_points[1];

    /// <summary>Pedersen's bases P1 (low 248 bits of a), P2 (high 4 bits of a), P3, P4 (same for b).</summary>
    public static EcPoint P1 => s_points[2];

    /// <inheritdoc cref="P1"/>
    public static EcPoint P2 => s_points[3];

    /// <inheritdoc cref="P1"/>
    public static EcPoint P3 => s_points[4];

    /// <inheritdoc cref="P1"/>
    public static EcPoint P4 => s_points[5];

    private static EcPoint[] Read()
    {
        var points = new EcPoint[PedersenTableData.ConstantPoints.Length];
        for (int i = 0; i < points.Length; i++)
            points[i] = new EcPoint(Felt.Parse(PedersenTableData.ConstantPoints[i].X), Felt.Parse(PedersenTableData.ConstantPoints[i].Y));
        return points;
    }

    /// <summary>The six points derived from π as the class summary describes (the reference for the stored ones).</summary>
    internal static EcPoint[] Derive()
    {
        const int digitsPerPoint = 76;
        string pi = PiDigits.First(digitsPerPoint * 7);
        var points = new EcPoint[6];
        for (int i = 0; i < points.Length; i++)
        {
            string digits = pi.Substring(digitsPerPoint * (i + 1), digitsPerPoint);
            Felt x = Felt.FromBigInteger(System.Numerics.BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture));
            EcPoint p;
            while (!StarkCurve.TryRecoverY(x, out p)) x += Felt.One;
            points[i] = p;
        }
        return points;
    }
}
