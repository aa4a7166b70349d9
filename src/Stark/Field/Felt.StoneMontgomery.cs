using System.Buffers.Binary;

namespace Zetina.Stark.Field;

public readonly partial struct Felt
{
    /// <summary>
    /// Reads Stone's serialized form of a field element: the 32-byte big-endian Montgomery representation
    /// x·2^256 mod p (<c>PrimeFieldElement::FromBytes</c>). False when the bytes are ≥ p.
    /// </summary>
    /// <remarks>Felt keeps the same representation internally, so this is a range check and a copy.</remarks>
    internal static bool TryFromMontgomeryBytesBigEndian(ReadOnlySpan<byte> bytes32, out Felt value)
    {
        ulong x3 = BinaryPrimitives.ReadUInt64BigEndian(bytes32);
        ulong x2 = BinaryPrimitives.ReadUInt64BigEndian(bytes32[8..]);
        ulong x1 = BinaryPrimitives.ReadUInt64BigEndian(bytes32[16..]);
        ulong x0 = BinaryPrimitives.ReadUInt64BigEndian(bytes32[24..]);
        if (x3 > P3 || (x3 == P3 && (x0 | x1 | x2) != 0)) { value = default; return false; }
        value = new Felt(x0, x1, x2, x3);
        return true;
    }

    /// <summary>Writes the 32-byte big-endian Montgomery representation x·2^256 mod p (Stone's <c>ToBytes</c>).</summary>
    internal void WriteMontgomeryBytesBigEndian(Span<byte> destination32)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination32, L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination32[8..], L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination32[16..], L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination32[24..], L0);
    }

    /// <summary>The field element whose canonical value is this element's Montgomery representation x·2^256 mod p.</summary>
    /// <remarks>Stone hashes table rows in this form, also with Poseidon (Integrity's <c>to_montgomery</c>).</remarks>
    internal Felt MontgomeryAsValue() => FromCanonicalUnchecked(L0, L1, L2, L3);
}
