using System.Numerics;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Node.Cli;

/// <summary>
/// StarkNet cryptography on the command line: <c>hash …</c>, <c>selector</c>, <c>key …</c>, <c>sign</c> and
/// <c>verify-signature</c>. Felts are read in 0x-hex or decimal and printed as 0x-prefixed lowercase hex, one per
/// line; byte strings are read as hex (0x optional).
/// </summary>
internal static class CryptoCommands
{
    public static readonly CliCommand[] Commands =
    [
        new(["hash", "pedersen"], "StarkNet Pedersen hash of two felts",
            "usage: zetina hash pedersen X Y\n  prints pedersen(X, Y); felts in 0x-hex or decimal", HashPedersen),
        new(["hash", "poseidon"], "StarkNet Poseidon hash (pair, --single, --many)",
            "usage: zetina hash poseidon X Y          poseidon_hash(X, Y)\n" +
            "       zetina hash poseidon --single X    poseidon_hash_single(X)\n" +
            "       zetina hash poseidon --many A B …  poseidon_hash_many([A, B, …]) (no values: the empty list)", HashPoseidon),
        new(["hash", "keccak"], "Keccak-256 (Ethereum) of bytes",
            "usage: zetina hash keccak 0xBYTES\n  prints the 32-byte digest as 0x-hex", HashKeccak),
        new(["hash", "starknet-keccak"], "starknet_keccak (Keccak-256 masked to 250 bits) of bytes",
            "usage: zetina hash starknet-keccak 0xBYTES", HashStarknetKeccak),
        new(["hash", "blake2s"], "BLAKE2s-256 of bytes",
            "usage: zetina hash blake2s 0xBYTES\n  prints the 32-byte digest as 0x-hex", HashBlake2s),
        new(["selector"], "StarkNet entry-point selector of a function name",
            "usage: zetina selector NAME", Selector),
        new(["key", "new"], "create a Stark private key file (mode 0600) and print its public key",
            "usage: zetina key new --out FILE\n  refuses to overwrite FILE; prints the public key x", KeyNew),
        new(["key", "import"], "store a hex private key read from stdin in a key file (mode 0600)",
            "usage: zetina key import --out FILE < key.txt\n  the key is read from stdin, never from the command line; prints the public key x", KeyImport),
        new(["key", "show"], "print the public key (x) of a key file",
            "usage: zetina key show FILE", KeyShow),
        new(["sign"], "sign a message hash (< 2^251) with a key file; prints r then s",
            "usage: zetina sign --key FILE HASH", Sign),
        new(["verify-signature"], "check a Stark ECDSA signature; prints valid/invalid, exit 0/1",
            "usage: zetina verify-signature --public-key X HASH R S\n  X is the public key's x coordinate", VerifySignature),
    ];

    private static int HashPedersen(CliArgs args)
    {
        args.RejectUnknown();
        Positionals(args, 2, "X Y");
        Print(PedersenHash.Hash(ParseFelt(args.Positionals[0]), ParseFelt(args.Positionals[1])));
        return 0;
    }

    private static int HashPoseidon(CliArgs args)
    {
        bool single = args.Flag("single");
        bool many = args.Flag("many");
        args.RejectUnknown();
        if (single && many) throw new CliUsageException("--single and --many exclude each other");
        if (single)
        {
            Positionals(args, 1, "X");
            Print(PoseidonHash.HashSingle(ParseFelt(args.Positionals[0])));
        }
        else if (many)
        {
            var xs = new Felt[args.Positionals.Count];
            for (int i = 0; i < xs.Length; i++) xs[i] = ParseFelt(args.Positionals[i]);
            Print(PoseidonHash.HashMany(xs));
        }
        else
        {
            Positionals(args, 2, "X Y");
            Print(PoseidonHash.Hash(ParseFelt(args.Positionals[0]), ParseFelt(args.Positionals[1])));
        }
        return 0;
    }

    private static int HashKeccak(CliArgs args)
    {
        args.RejectUnknown();
        Positionals(args, 1, "0xBYTES");
        Console.Out.WriteLine("0x" + Convert.ToHexStringLower(Keccak256.Hash(ParseBytes(args.Positionals[0]))));
        return 0;
    }

    private static int HashStarknetKeccak(CliArgs args)
    {
        args.RejectUnknown();
        Positionals(args, 1, "0xBYTES");
        Print(StarknetKeccak.Hash(ParseBytes(args.Positionals[0])));
        return 0;
    }

    private static int HashBlake2s(CliArgs args)
    {
        args.RejectUnknown();
        Positionals(args, 1, "0xBYTES");
        Console.Out.WriteLine("0x" + Convert.ToHexStringLower(Blake2s256.Hash(ParseBytes(args.Positionals[0]))));
        return 0;
    }

    private static int Selector(CliArgs args)
    {
        args.RejectUnknown();
        Positionals(args, 1, "NAME");
        string name = args.Positionals[0];
        foreach (char c in name)
            if (c > 0x7F) throw new CliUsageException($"selector names are ASCII; '{name}' is not");
        Print(StarknetKeccak.Selector(name));
        return 0;
    }

    private static int KeyNew(CliArgs args)
    {
        string path = args.Required("out");
        args.RejectUnknown();
        Positionals(args, 0, "");
        BigInteger d = StarkEcdsa.NewPrivateKey();
        StarkKeyFile.Save(path, d);
        Print(StarkEcdsa.PublicKey(d));
        return 0;
    }

    private static int KeyImport(CliArgs args)
    {
        string path = args.Required("out");
        args.RejectUnknown();
        Positionals(args, 0, "");
        string text = Console.In.ReadToEnd();
        BigInteger d = StarkKeyFile.Parse(text, "stdin");
        StarkKeyFile.Save(path, d);
        Print(StarkEcdsa.PublicKey(d));
        return 0;
    }

    private static int KeyShow(CliArgs args)
    {
        args.RejectUnknown();
        Positionals(args, 1, "FILE");
        Print(StarkEcdsa.PublicKey(StarkKeyFile.Load(args.Positionals[0])));
        return 0;
    }

    private static int Sign(CliArgs args)
    {
        string keyPath = args.Required("key");
        args.RejectUnknown();
        Positionals(args, 1, "HASH");
        Felt hash = ParseFelt(args.Positionals[0]);
        if (hash.ToBigInteger() >= (BigInteger.One << 251))
            throw new CliUsageException($"message hash {hash.ToHexString()} is not below 2^251");
        BigInteger d = StarkKeyFile.Load(keyPath);
        (Felt r, Felt s) = StarkEcdsa.Sign(d, hash);
        Print(r);
        Print(s);
        return 0;
    }

    private static int VerifySignature(CliArgs args)
    {
        Felt publicKey = ParseFelt(args.Required("public-key"));
        args.RejectUnknown();
        Positionals(args, 3, "HASH R S");
        bool ok = StarkEcdsa.Verify(publicKey, ParseFelt(args.Positionals[0]), ParseFelt(args.Positionals[1]), ParseFelt(args.Positionals[2]));
        Console.Out.WriteLine(ok ? "valid" : "invalid");
        return ok ? 0 : 1;
    }

    private static void Print(Felt f) => Console.Out.WriteLine(f.ToHexString());

    private static void Positionals(CliArgs args, int count, string names)
    {
        if (args.Positionals.Count != count)
            throw new CliUsageException(count == 0
                ? $"unexpected argument '{args.Positionals[0]}'"
                : $"expected {count} argument{(count == 1 ? "" : "s")} ({names}), got {args.Positionals.Count}");
    }

    /// <summary>A felt in 0x-hex or decimal, below p; errors name the text.</summary>
    internal static Felt ParseFelt(string text) =>
        Felt.TryParse(text, out Felt f, out string? error) ? f : throw new CliUsageException(error ?? $"'{text}' is not a felt");

    /// <summary>Hex bytes, 0x optional, an even number of digits ("0x" alone is the empty string).</summary>
    internal static byte[] ParseBytes(string text)
    {
        ReadOnlySpan<char> hex = text.AsSpan().Trim();
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) hex = hex[2..];
        if (hex.Length % 2 != 0) throw new CliUsageException($"'{text}': hex bytes need an even number of digits");
        foreach (char c in hex)
            if (!char.IsAsciiHexDigit(c)) throw new CliUsageException($"'{text}': '{c}' is not a hex digit");
        return Convert.FromHexString(hex);
    }
}
