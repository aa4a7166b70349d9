using System.Runtime.InteropServices;
using Zetina.Stark.Field;

namespace Zetina.Stark.Ntt;

/// <summary>
/// The NTT's stages on limb groups in the native kernel <c>src/Stark/Native/ntt_ifma.c</c>: values
/// held as groups of eight elements in 52-bit limb form (<see cref="GroupBytes"/> each) from the first stage to the last,
/// lazily reduced in [0, 2p) between stages; only where <see cref="NativeLanes.IsSupported"/>.
/// </summary>
internal static unsafe partial class NativeNtt
{
    /// <summary>Bytes of one group of eight elements (five 512-bit limb vectors); groups are 64-byte aligned.</summary>
    public const int GroupBytes = 320;

    /// <summary>
    /// count elements (a multiple of 8) into count/8 groups; with <paramref name="powers"/> non-null element i is
    /// multiplied by powers[i mod 8]·stride^(i div 8) (powers: start·step^k for k &lt; 8; stride: step^8 eight times).
    /// </summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_groups_load")]
    public static partial void Load(Felt* source, byte* groups, int count, Felt* powers, Felt* stride);

    /// <summary>count/8 groups back as count stored elements, reduced.</summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_groups_store")]
    public static partial void Store(byte* groups, Felt* destination, int count);

    /// <summary>Factor groups [first, end) of the element twiddle table (group j from entries 8j … 8j + 7).</summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_twiddle_groups")]
    public static partial void TwiddleGroups(Felt* twiddles, byte* groups, int first, int end);

    /// <summary>Butterflies [t0, t1) of the stage of half-span 8h elements (h groups).</summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_dif_group_stage")]
    public static partial void DifStage(byte* groups, int h, byte* twiddleGroups, int t0, int t1);

    /// <summary>Quadruples [u0, u1) of the stages of half-spans 8h and 4h elements together (h ≥ 2 groups).</summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_dif_group_pairs")]
    public static partial void DifPairs(byte* groups, int h, byte* twiddleGroups, int u0, int u1);

    /// <summary>Every stage of a block of <paramref name="size"/> groups from half-span 4·size elements down to 1.</summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_dif_group_block")]
    public static partial void DifBlock(byte* groups, int size, byte* twiddleGroups, Felt* twiddles);

    /// <summary>Butterflies [t0, t1) of the decimation-in-time stage of half-span 8h elements (h groups).</summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_dit_group_stage")]
    public static partial void DitStage(byte* groups, int h, byte* twiddleGroups, int t0, int t1);

    /// <summary>Quadruples [u0, u1) of the decimation-in-time stages of half-spans 8h and 16h elements together.</summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_dit_group_pairs")]
    public static partial void DitPairs(byte* groups, int h, byte* twiddleGroups, int u0, int u1);

    /// <summary>The decimation-in-time stages of a block of <paramref name="size"/> groups from half-span
    /// <paramref name="firstHalfSpan"/> elements up to 4·size.</summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_dit_group_block")]
    public static partial void DitBlock(byte* groups, int size, byte* twiddleGroups, Felt* twiddles, int firstHalfSpan);

    /// <summary>
    /// A decimation-in-time input gathered permuted and zero-padded: element e is values[rev(e ≫ logS)] (rev over logK
    /// bits) where that is below count, else 0; unit u ∈ [u0, u1) fills groups u + c·stride for c &lt; inner.
    /// </summary>
    [LibraryImport(NativeLanes.Library, EntryPoint = "zk_ntt_groups_gather_reversed")]
    public static partial void GatherReversed(Felt* values, int count, int logK, int logS, byte* groups, int stride, int inner, int u0, int u1);
}
