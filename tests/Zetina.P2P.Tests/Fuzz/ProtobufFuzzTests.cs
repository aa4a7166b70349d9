using CsCheck;
using Xunit.Abstractions;
using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;
using Zetina.P2P.Noise;
using Zetina.Tests.Shared.Fuzz;

namespace Zetina.P2P.Tests.Fuzz;

/// <summary>
/// Fuzzes the protobuf reader and the messages a peer sends before it is authenticated: the Noise handshake payload
/// and the public key inside it. Seeds: a real payload (Ed25519 identity, signature, muxer list) and real keys.
/// The typed failure is <see cref="FormatException"/>.
/// </summary>
public sealed class ProtobufFuzzTests(ITestOutputHelper output)
{
    /// <summary>The readers copy fields at most once and hold a few lists.</summary>
    private const long PerInputByte = 16;
    private const long FixedBytes = 64 << 10;

    private static readonly PrivateKey Identity = PrivateKey.FromSeed(KeyType.Ed25519, Enumerable.Repeat((byte)7, 32).ToArray());

    private static readonly byte[] Payload =
        new NoiseHandshakePayload(Identity.PublicKey.ToProtobuf(), Identity.Sign("noise-libp2p-static-key:"u8), ["/yamux/1.0.0"]).Encode();

    private static readonly Gen<byte[]> Inputs = Mutator.Any(Mutator.Bytes(Payload), Mutator.Bytes(Identity.PublicKey.ToProtobuf()),
        Mutator.Bytes(PrivateKey.FromSeed(KeyType.Secp256k1, Enumerable.Repeat((byte)9, 32).ToArray()).PublicKey.ToProtobuf()));

    [Fact]
    public void ProtoReader_FuzzedMessage_ReadsOrThrowsFormatException() =>
        FuzzRun.Check(Inputs, input => ParserProperty.Holds(input, b => Walk(b, 0), e => e is FormatException, PerInputByte, FixedBytes), output);

    [Fact]
    public void NoiseHandshakePayloadDecode_FuzzedPayload_DecodesOrThrowsFormatException() =>
        FuzzRun.Check(Inputs, input => ParserProperty.Holds(input, b => NoiseHandshakePayload.Decode(b), e => e is FormatException, PerInputByte, FixedBytes), output);

    [Fact]
    public void PublicKeyFromProtobuf_FuzzedKey_DecodesOrThrowsFormatException() =>
        FuzzRun.Check(Inputs, input => ParserProperty.Holds(input, b => PublicKey.FromProtobuf(b), e => e is FormatException, PerInputByte, FixedBytes), output);

    /// <summary>Reads every field, each length-delimited one also as a nested message (to depth 4).</summary>
    private static void Walk(ReadOnlySpan<byte> message, int depth)
    {
        var r = new ProtoReader(message);
        while (r.Next(out _))
        {
            if (r.WireType == 2 && depth < 4)
            {
                ReadOnlySpan<byte> inner = r.ReadBytes();
                try
                {
                    Walk(inner, depth + 1);
                }
                catch (FormatException)
                {
                    // Not every byte string is a message.
                }
            }
            else r.Skip();
        }
    }
}
