using System.Numerics;
using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The ecdsa (signature) builtin: instances <c>pubkey, msg</c>; a hint registers the signature (r, s) for an
/// instance (<c>ecdsa_builtin.add_signature</c>), and once both cells are written the signature is verified.
/// </summary>
public sealed class EcdsaBuiltinRunner(bool included, int? ratio) : BuiltinRunner("ecdsa", included, ratio, 2, 2)
{
    private readonly Dictionary<long, (Felt R, Felt S)> _signatures = new();

    /// <summary>Signatures registered by hints, by instance start offset.</summary>
    public IReadOnlyDictionary<long, (Felt R, Felt S)> Signatures => _signatures;

    /// <summary>Registers the signature for the instance starting at <paramref name="address"/>.</summary>
    public void AddSignature(Relocatable address, Felt r, Felt s)
    {
        if (address.Segment != Base) throw Error(address, "signature address is outside the builtin segment");
        _signatures[address.Offset] = (r, s);
    }

    internal override void Validate(MemorySegment segment, long offset, in MaybeRelocatable value)
    {
        long start = offset - offset % 2;
        MaybeRelocatable pub = segment.Get(start), msg = segment.Get(start + 1);
        if (!pub.IsFelt || !msg.IsFelt) return;
        if (!_signatures.TryGetValue(start, out var sig))
            throw Error(new Relocatable(segment.Index, start), "no signature was registered for this instance");
        if (!CryptoPrimitives.EcdsaVerify(pub.Felt, msg.Felt, sig.R, sig.S))
            throw Error(new Relocatable(segment.Index, start), $"signature ({sig.R}, {sig.S}) is invalid for public key {pub} and message {msg}");
    }

    /// <summary>
    /// The witness of each used instance with a registered signature, by instance index: (r, w = s⁻¹ mod the curve
    /// order), the form cairo-vm lists as <c>signature_input</c> and the AIR's ecdsa lane consumes.
    /// </summary>
    public SortedDictionary<long, (Felt R, Felt W)> SignatureInputs(Memory memory)
    {
        var inputs = new SortedDictionary<long, (Felt R, Felt W)>();
        MemorySegment seg = memory.Segment(Base);
        long n = UsedInstances(memory);
        for (long i = 0; i < n; i++)
        {
            MaybeRelocatable pub = seg.Get(2 * i), msg = seg.Get(2 * i + 1);
            if (!pub.IsFelt || !msg.IsFelt || !_signatures.TryGetValue(2 * i, out var sig)) continue;
            BigInteger w = BigInteger.ModPow(sig.S.ToBigInteger(), CryptoPrimitives.CurveOrder - 2, CryptoPrimitives.CurveOrder);
            inputs[i] = (sig.R, Felt.FromBigInteger(w));
        }
        return inputs;
    }

    public override void WritePrivateInput(Utf8JsonWriter writer, Memory memory)
    {
        writer.WriteStartArray();
        MemorySegment seg = memory.Segment(Base);
        foreach ((long i, (Felt r, Felt w)) in SignatureInputs(memory))
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", i);
            writer.WriteString("pubkey", seg.Get(2 * i).Felt.ToHexString());
            writer.WriteString("msg", seg.Get(2 * i + 1).Felt.ToHexString());
            writer.WriteStartObject("signature_input");
            writer.WriteString("r", r.ToHexString());
            writer.WriteString("w", w.ToHexString());
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
