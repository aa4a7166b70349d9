using System.Globalization;
using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Registry.Ledger;

/// <summary>
/// An exact, non-negative token amount in [0, 2^256): the registry's unit of account, compatible with
/// a StarkNet <c>u256</c>. Written as canonical decimal text (no sign, no leading zeros, "0" for zero).
/// </summary>
/// <remarks>
/// Backed by <see cref="BigInteger"/>: amounts are moved a few thousand times a second at most, so
/// exactness and simplicity win over a four-limb struct. Arithmetic is checked: <see cref="TryAdd"/>
/// fails on overflow past 2^256 − 1 and <see cref="TrySubtract"/> fails instead of going negative.
/// </remarks>
public readonly struct Amount : IEquatable<Amount>, IComparable<Amount>
{
    /// <summary>2^256 − 1, the largest amount.</summary>
    public static readonly BigInteger MaxValue = (BigInteger.One << 256) - 1;

    /// <summary>The most decimal digits an amount can have (2^256 − 1 has 78).</summary>
    public const int MaxDigits = 78;

    private readonly BigInteger _value;

    private Amount(BigInteger value) => _value = value;

    /// <summary>Zero.</summary>
    public static Amount Zero => default;

    /// <summary>The value as an integer in [0, 2^256).</summary>
    public BigInteger Value => _value;

    /// <summary>True when the amount is zero.</summary>
    public bool IsZero => _value.IsZero;

    /// <summary>Wraps <paramref name="value"/>; throws <see cref="ArgumentOutOfRangeException"/> outside [0, 2^256).</summary>
    public static Amount From(BigInteger value) =>
        value.Sign < 0 || value > MaxValue ? throw new ArgumentOutOfRangeException(nameof(value), "an amount lies in [0, 2^256)") : new Amount(value);

    /// <summary>An amount from a 64-bit count.</summary>
    public static Amount From(ulong value) => new(value);

    /// <summary>
    /// Parses canonical or plain decimal digits ("0", "42", leading zeros tolerated) into an amount.
    /// Returns false with a message naming the problem for empty text, a sign, a non-digit, or a value
    /// of 2^256 or more.
    /// </summary>
    public static bool TryParse(string? text, out Amount value, out string? error)
    {
        value = default;
        error = null;
        if (string.IsNullOrEmpty(text)) { error = "empty amount (write a decimal integer such as \"1000\")"; return false; }
        if (text[0] == '-') { error = $"amount '{text}' is negative; amounts are integers in [0, 2^256)"; return false; }
        foreach (char c in text)
        {
            if (c is < '0' or > '9') { error = $"amount '{Clip(text)}' is not a decimal integer (digits 0-9 only, no sign, point or exponent)"; return false; }
        }
        ReadOnlySpan<char> s = text.AsSpan().TrimStart('0');
        if (s.Length > MaxDigits) { error = $"amount '{Clip(text)}' is 2^256 or more; amounts are at most 2^256 - 1"; return false; }
        BigInteger v = s.Length == 0 ? BigInteger.Zero : BigInteger.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
        if (v > MaxValue) { error = $"amount '{Clip(text)}' is 2^256 or more; amounts are at most 2^256 - 1"; return false; }
        value = new Amount(v);
        return true;
    }

    /// <summary>As <see cref="TryParse"/>, throwing <see cref="FormatException"/> with the message.</summary>
    public static Amount Parse(string text) => TryParse(text, out Amount a, out string? e) ? a : throw new FormatException(e);

    /// <summary>this + <paramref name="other"/>; false when the sum would reach 2^256.</summary>
    public bool TryAdd(Amount other, out Amount sum)
    {
        BigInteger s = _value + other._value;
        sum = s > MaxValue ? default : new Amount(s);
        return s <= MaxValue;
    }

    /// <summary>this − <paramref name="other"/>; false when the difference would be negative.</summary>
    public bool TrySubtract(Amount other, out Amount difference)
    {
        BigInteger d = _value - other._value;
        difference = d.Sign < 0 ? default : new Amount(d);
        return d.Sign >= 0;
    }

    /// <summary>floor(this · <paramref name="basisPoints"/> / 10,000): a fee of <paramref name="basisPoints"/> ‱, rounded down.</summary>
    public Amount BasisPoints(int basisPoints)
    {
        if ((uint)basisPoints > 10_000u) throw new ArgumentOutOfRangeException(nameof(basisPoints), "basis points lie in [0, 10000]");
        return new Amount(_value * basisPoints / 10_000);
    }

    /// <summary>The low 128 bits as a felt (the first of the two felts a StarkNet u256 is hashed as).</summary>
    public Felt Low => Felt.FromBigInteger(_value & ((BigInteger.One << 128) - 1));

    /// <summary>The high 128 bits as a felt.</summary>
    public Felt High => Felt.FromBigInteger(_value >> 128);

    /// <summary>Canonical decimal text.</summary>
    public override string ToString() => _value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(Amount other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Amount a && Equals(a);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(Amount other) => _value.CompareTo(other._value);

    public static bool operator ==(Amount a, Amount b) => a.Equals(b);
    public static bool operator !=(Amount a, Amount b) => !a.Equals(b);
    public static bool operator <(Amount a, Amount b) => a._value < b._value;
    public static bool operator >(Amount a, Amount b) => a._value > b._value;
    public static bool operator <=(Amount a, Amount b) => a._value <= b._value;
    public static bool operator >=(Amount a, Amount b) => a._value >= b._value;

    private static string Clip(string s) => s.Length <= 90 ? s : s[..90] + "…";
}
