using System.Text;
using Zetina.Stark.Field;

namespace Zetina.Stark.Hashing;

/// <summary>
/// StarkNet's <c>starknet_keccak</c>: Keccak-256 read as a big-endian integer and masked to its low 250 bits, so it
/// always fits a felt; and <c>get_selector_from_name</c> built on it (cairo-lang
/// <c>starkware/starknet/public/abi.py</c>).
/// </summary>
public static class StarknetKeccak
{
    /// <summary>Keccak-256(<paramref name="data"/>) AND (2^250 − 1), as a felt.</summary>
    public static Felt Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Keccak256.HashBytes];
        Keccak256.Hash(data, digest);
        digest[0] &= 0x03; // keep 250 of the 256 bits: the top byte keeps its two low bits.
        return Felt.FromBytesBigEndian(digest);
    }

    /// <summary>
    /// The entry-point selector of a function name: <c>starknet_keccak(ascii(name))</c>, except that cairo-lang maps
    /// the special names <c>__default__</c> and <c>__l1_default__</c> to 0.
    /// </summary>
    /// <exception cref="ArgumentException">The name holds a character outside ASCII.</exception>
    public static Felt Selector(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name is "__default__" or "__l1_default__") return Felt.Zero;
        foreach (char c in name)
            if (c > 0x7F) throw new ArgumentException($"selector names are ASCII; '{name}' is not", nameof(name));
        return Hash(Encoding.ASCII.GetBytes(name));
    }
}
