using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Stark.Ntt;

/// <summary>
/// The process-wide table of NTT twiddle factors, grown on demand and shared by every transform.
/// </summary>
/// <remarks>
/// Layout: for every power of two m, entries [m, 2m) hold ω_{2m}^j for j in [0, m). A stage of the
/// radix-2 transform whose butterflies span 2m elements reads its m twiddles contiguously, and the
/// table for size 2^k serves every smaller size. Cost: 2^k elements (32 bytes each) for transforms
/// up to 2^k points; built once with one multiplication per entry, in parallel over stages.
/// </remarks>
internal static class TwiddleTable
{
    private static readonly Lock s_gate = new();
    private static Felt[] s_table = Build(1, Array.Empty<Felt>());

    /// <summary>A table covering transforms of 2^<paramref name="logSize"/> points (length ≥ 2^logSize).</summary>
    public static Felt[] For(int logSize)
    {
        Felt[] t = Volatile.Read(ref s_table);
        if (t.Length >= (1 << logSize)) return t;
        lock (s_gate)
        {
            t = s_table;
            if (t.Length >= (1 << logSize)) return t;
            t = Build(logSize, t);
            Volatile.Write(ref s_table, t);
            return t;
        }
    }

    /// <summary>
    /// Drops the entries past 2^<see cref="KeptLog"/> (a 2^23-point table is 256 MB); the next larger transform builds
    /// them again, one product per entry. Transforms running meanwhile keep the table they hold.
    /// </summary>
    public static void Release()
    {
        lock (s_gate)
        {
            if (s_table.Length > 1 << KeptLog) Volatile.Write(ref s_table, s_table[..(1 << KeptLog)]);
        }
    }

    /// <summary>The entries <see cref="Release"/> keeps: transforms of up to 2^16 points (2 MB).</summary>
    private const int KeptLog = 16;

    private static Felt[] Build(int logSize, Felt[] previous)
    {
        int size = Math.Max(2, 1 << logSize);
        var table = new Felt[size];
        previous.AsSpan().CopyTo(table);
        int firstStage = Math.Max(1, previous.Length);
        int stages = 0;
        for (int m = firstStage; m < size; m <<= 1) stages++;
        Parallel.For(0, stages, s =>
        {
            int m = firstStage << s;
            int log2m = PowerOfTwo.Log2(2 * m);
            FeltSpan.Powers(Felt.One, RootsOfUnity.PrimitiveRoot(log2m), table.AsSpan(m, m));
        });
        return table;
    }
}
