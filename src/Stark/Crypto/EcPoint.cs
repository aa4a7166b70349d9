using Zetina.Stark.Field;

namespace Zetina.Stark.Crypto;

/// <summary>
/// A point of the Stark curve in affine coordinates (x, y), or the point at infinity (the group identity).
/// </summary>
/// <remarks>
/// Affine form is for interchange and storage; arithmetic runs on Jacobian or projective coordinates internally
/// (see <see cref="StarkCurve"/>). Constructing a point does not check that it lies on the curve: use
/// <see cref="StarkCurve.IsOnCurve"/> on untrusted input.
/// </remarks>
public readonly struct EcPoint : IEquatable<EcPoint>
{
    /// <summary>The x coordinate (zero for infinity).</summary>
    public Felt X { get; }

    /// <summary>The y coordinate (zero for infinity).</summary>
    public Felt Y { get; }

    /// <summary>True for the point at infinity.</summary>
    public bool IsInfinity { get; }

    /// <summary>The affine point (x, y); not checked to lie on the curve.</summary>
    public EcPoint(Felt x, Felt y)
    {
        X = x;
        Y = y;
        IsInfinity = false;
    }

    private EcPoint(bool infinity)
    {
        X = Felt.Zero;
        Y = Felt.Zero;
        IsInfinity = infinity;
    }

    /// <summary>The point at infinity.</summary>
    public static EcPoint Infinity { get; } = new(true);

    /// <summary>−P = (x, −y).</summary>
    public EcPoint Negate() => IsInfinity ? this : new EcPoint(X, -Y);

    public bool Equals(EcPoint other) =>
        IsInfinity ? other.IsInfinity : !other.IsInfinity && X == other.X && Y == other.Y;

    public override bool Equals(object? obj) => obj is EcPoint p && Equals(p);

    public override int GetHashCode() => IsInfinity ? 0 : HashCode.Combine(X, Y);

    public static bool operator ==(EcPoint a, EcPoint b) => a.Equals(b);

    public static bool operator !=(EcPoint a, EcPoint b) => !a.Equals(b);

    public override string ToString() => IsInfinity ? "infinity" : $"({X.ToHexString()}, {Y.ToHexString()})";
}
