using System.Runtime.InteropServices;

namespace Zetina.Stark.Hashing;

/// <summary>
/// Keccak-256 on eight messages at once in the native kernel <c>src/Stark/Native/keccak_avx512.c</c> (AVX-512: a
/// rotation and three-input logic in one instruction each, which the AVX2 lanes of <see cref="KeccakF1600"/> must
/// emulate), the same digests as <see cref="Keccak256"/>.
/// </summary>
/// <remarks>
/// Native for the reason <see cref="Field.NativeLanes"/> is: the native-AOT binary targets x86-64-v3, where .NET emits
/// no AVX-512 code; C chooses per CPU at run time. Where the library is missing or the CPU lacks AVX-512,
/// <see cref="IsSupported"/> is false and the managed lanes hash.
/// </remarks>
internal static unsafe partial class NativeKeccak
{
    private const string Library = "libzetina_native";

    /// <summary>Messages per step: <see cref="Hash8"/> hashes the leading multiple of this.</summary>
    public const int Lanes = 8;

    /// <summary>Whether the library is present and this CPU runs its AVX-512 code.</summary>
    public static bool IsSupported { get; } = Probe();

    /// <summary>Whether callers use the kernel: on wherever it is supported; tests switch it off to compare in one run.</summary>
    public static bool Enabled
    {
        get => s_enabled;
        internal set
        {
            if (value && !IsSupported) throw new PlatformNotSupportedException("the native Keccak kernel is not loaded or this CPU lacks AVX-512");
            s_enabled = value;
        }
    }

    private static bool s_enabled = IsSupported;

    private static bool Probe()
    {
        try { return zk_keccak_avx512_supported() != 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    [LibraryImport(Library)]
    private static partial int zk_keccak_avx512_supported();

    /// <summary>
    /// Keccak-256 of <paramref name="count"/> messages of <paramref name="length"/> bytes laid end to end, digest j at
    /// digests[32j..]; hashes the leading multiple of eight and returns how many.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "zk_keccak256_x8")]
    public static partial int Hash8(byte* data, int length, byte* digests, int count);

    /// <summary>
    /// The Keccak proof-of-work scan of <paramref name="groups"/> groups of eight nonces from <paramref name="first"/>
    /// (the one-block input prefix ‖ nonce): 1 and the smallest valid nonce of the first group holding one, else 0.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "zk_keccak_pow_scan")]
    public static partial int PowScan(ulong* prefixWords, ulong headMaskLittleEndian, ulong first, ulong groups, out ulong nonce);
}
