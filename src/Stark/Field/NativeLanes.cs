using System.Runtime.InteropServices;

namespace Zetina.Stark.Field;

/// <summary>
/// The field's lane arithmetic in the native kernel <c>src/Stark/Native/field_ifma.c</c>: eight elements at once on
/// AVX-512 IFMA (<c>vpmadd52luq</c>/<c>vpmadd52huq</c>, the 52×52-bit products the managed <see cref="FeltLanes.Limbs52"/>
/// builds from double-precision FMA), the same numbers bit for bit.
/// </summary>
/// <remarks>
/// <para>Why native: the native-AOT binary targets x86-64-v3 so that it runs on every AVX2 machine, and .NET compiles
/// AVX-512 code there only when the whole binary requires it; C code chooses per CPU at run time. One 8-lane product
/// is about 100 instructions here against about 225 per 4 lanes in the managed AVX2 path.</para>
/// <para>The library is linked into the native-AOT binary (<c>DirectPInvoke</c>, src/Node/Zetina.Node.csproj) and loaded
/// from beside the assemblies in JIT builds. Where it is missing (no C compiler at build time) or the CPU lacks IFMA,
/// <see cref="IsSupported"/> is false and <see cref="FeltLanes"/> keeps to its managed lanes.</para>
/// </remarks>
internal static unsafe partial class NativeLanes
{
    internal const string Library = "libzetina_native";

    /// <summary>Elements per call step: each entry point processes the leading multiple of this and returns it.</summary>
    public const int Lanes = 8;

    /// <summary>Whether the library is present and this CPU runs its AVX-512 IFMA code.</summary>
    public static bool IsSupported { get; } = Probe();

    private static bool Probe()
    {
        try { return zk_field_ifma_supported() != 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    [LibraryImport(Library)]
    private static partial int zk_field_ifma_supported();

    /// <summary>
    /// One instruction of <see cref="RunProgram"/>: <see cref="Op"/> 0 sets slot <see cref="Destination"/> to slot
    /// <see cref="A"/> + slot <see cref="B"/>, 1 to A − B, 2 to A·B; 3 adds weights[B]·slot A into Destination.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct ProgramInstruction(int Op, int Destination, int A, int B);

    /// <summary>
    /// Runs a straight-line program on <paramref name="points"/> points (a multiple of <see cref="Lanes"/>; else returns 0
    /// and does nothing) with every slot kept in limb form between instructions: slot s holds
    /// slots[s·points …]; the <paramref name="loaded"/> slots are read first — loaded slot i from
    /// <paramref name="sources"/>[i] where that is given and not null (a caller's table read in place), else from its
    /// place in <paramref name="slots"/> —, the <paramref name="cleared"/> ones start at zero, the
    /// <paramref name="stored"/> ones are written back. <paramref name="scratch"/>: at least slotCount·points·40 + 64 bytes.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "zk_field_run_program")]
    public static partial int RunProgram(ProgramInstruction* code, int instructionCount, Felt* weights, Felt* slots, int slotCount, int points,
        int* loaded, Felt** sources, int loadedCount, int* cleared, int clearedCount, int* stored, int storedCount, byte* scratch);

    /// <summary>Bytes of scratch <see cref="RunProgram"/> needs for <paramref name="slotCount"/> slots of <paramref name="points"/> points.</summary>
    public static long ProgramScratchBytes(int slotCount, int points) => 40L * slotCount * points + 64;

    /// <summary>
    /// Eight synthetic divisions by x − points[l], one per lane, over a block of count coefficients of each numerator
    /// (from the top down q_(i−1) = a_i + p·q_i written over a_i; carry holds the eight q's carried in and out).
    /// </summary>
    [LibraryImport(Library, EntryPoint = "zk_field_divide_lanes")]
    public static partial void DivideLanes(Felt** numerators, Felt* points, Felt* carry, int count);

    /// <summary>
    /// Suffix sums in place over the trailing multiple of <see cref="Lanes"/>: values[i] ← Σ_{m ≥ i} values[m] for the
    /// last count &amp; ~7 indices; returns that many (<see cref="FeltSpan.SuffixSums"/> finishes the first ones).
    /// </summary>
    [LibraryImport(Library, EntryPoint = "zk_field_suffix_sums")]
    public static partial int SuffixSums(Felt* values, int count);

    /// <summary>destination[i] = a[i]·b[i] (<see cref="FeltLanes.Mul(Felt*, Felt*, Felt*, int)"/>).</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_mul")]
    public static partial int Mul(Felt* a, Felt* b, Felt* destination, int count);

    /// <summary>destination[i] = a[i] + b[i] (<see cref="FeltLanes.Add"/>).</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_add")]
    public static partial int Add(Felt* a, Felt* b, Felt* destination, int count);

    /// <summary>destination[i] = a[i] − b[i] (<see cref="FeltLanes.Sub"/>).</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_sub")]
    public static partial int Sub(Felt* a, Felt* b, Felt* destination, int count);

    /// <summary>Batch inversion's forward pass over eight interleaved chains: prefix[i] = values[i]·prefix[i − 8].</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_chain_products")]
    public static partial int ChainProducts(Felt* values, Felt* prefix, int count);

    /// <summary>Batch inversion's backward pass, from the inverses of the eight chains' products.</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_chain_inverses")]
    public static partial void ChainInverses(Felt* values, Felt* result, Felt* prefix, Felt* inverses, int done);

    /// <summary>The radix-2 butterflies (<see cref="FeltLanes.Butterflies"/>).</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_butterflies")]
    public static partial int Butterflies(Felt* a, Felt* b, Felt* w, int count);

    /// <summary>Two radix-2 stages on quadruples (<see cref="FeltLanes.ButterflyPairs"/>).</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_butterfly_pairs")]
    public static partial int ButterflyPairs(Felt* q0, Felt* q1, Felt* q2, Felt* q3, Felt* wm, Felt* w2m0, Felt* w2m1, int count);

    /// <summary>The decimation-in-frequency butterflies (<see cref="FeltLanes.DifButterflies"/>).</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_dif_butterflies")]
    public static partial int DifButterflies(Felt* a, Felt* b, Felt* w, int count);

    /// <summary>Two decimation-in-frequency stages on quadruples (<see cref="FeltLanes.DifButterflyPairs"/>).</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_dif_butterfly_pairs")]
    public static partial int DifButterflyPairs(Felt* q0, Felt* q1, Felt* q2, Felt* q3, Felt* w2h0, Felt* w2h1, Felt* wh, int count);

    /// <summary>
    /// The first decimation-in-time stages, half-spans <paramref name="firstHalfSpan"/> (1, 2 or 4) up to 4, on every
    /// group of eight consecutive elements of bit-reversed input, twiddles read from the table
    /// <paramref name="twiddles"/> (entry h + j = ω_{2h}^j).
    /// </summary>
    [LibraryImport(Library, EntryPoint = "zk_field_dit_first_three_stages")]
    public static partial int DitFirstThreeStages(Felt* values, int count, Felt* twiddles, int firstHalfSpan);

    /// <summary>The last three decimation-in-frequency stages (half-spans 4, 2, 1) on every group of eight consecutive elements.</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_dif_last_three_stages")]
    public static partial int DifLastThreeStages(Felt* values, int count, Felt* twiddles);

    /// <summary>
    /// values[i] ← values[i]·powers[i mod 8]·stride^(i div 8), <paramref name="powers"/> start·step^k for k &lt; 8 and
    /// <paramref name="stride"/> step^8 in all eight entries; with <paramref name="constant"/> nonzero the factor stays
    /// <paramref name="powers"/>.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "zk_field_mul_by_powers")]
    public static partial int MulByPowers(Felt* values, int count, Felt* powers, Felt* stride, int constant);

    /// <summary>accumulator[i] ← accumulator[i] + c·x[i] (<see cref="FeltLanes.AddScaled"/>).</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_add_scaled")]
    public static partial int AddScaled(Felt* accumulator, Felt* x, Felt* c, int count);

    /// <summary>Eight partial sums Σ a[i]·b[i] over i ≡ k (mod 8) into partial[k].</summary>
    [LibraryImport(Library, EntryPoint = "zk_field_dot")]
    public static partial int Dot(Felt* a, Felt* b, int count, Felt* partial);
}
