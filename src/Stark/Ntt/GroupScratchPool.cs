using Zetina.Stark.Common;

namespace Zetina.Stark.Ntt;

/// <summary>
/// The group transforms' scratch (40 bytes per point, pinned): a few buffers reused by whichever transform runs next, a
/// request served by the smallest free buffer large enough. At most one buffer per processor is kept, the largest.
/// </summary>
/// <remarks>
/// <c>ArrayPool.Shared</c> kept a buffer per power-of-two size class per thread that ever transformed, plus per-core
/// stacks: the n- and 2n-point transforms of a proof's extension left about 1 GB held through a 2^20-step proof, for
/// the whole proof (the prover's largest live structure after the extension). Here an n-point transform borrows a
/// 2n-point buffer, and buffers past the processor count go to the collector. Reuse, not fresh memory, is the point:
/// first-touching a page costs more than the transform's pass over it on the machines measured (docs/benchmarks.md).
/// </remarks>
internal static class GroupScratchPool
{
    private static readonly Lock s_gate = new();
    private static readonly List<byte[]> s_free = [];

    /// <summary>A pinned buffer of at least <paramref name="bytes"/> bytes, its contents unspecified.</summary>
    public static byte[] Rent(int bytes)
    {
        lock (s_gate)
        {
            int best = -1;
            for (int i = 0; i < s_free.Count; i++)
                if (s_free[i].Length >= bytes && (best < 0 || s_free[i].Length < s_free[best].Length)) best = i;
            if (best >= 0)
            {
                byte[] found = s_free[best];
                s_free.RemoveAt(best);
                return found;
            }
        }
        byte[] buffer = GC.AllocateUninitializedArray<byte>(bytes, pinned: true);
        HugePages.Advise(buffer);
        return buffer;
    }

    /// <summary>Drops every free buffer (to the collector); buffers in use come back as usual.</summary>
    public static void Clear()
    {
        lock (s_gate) s_free.Clear();
    }

    /// <summary>Gives a buffer from <see cref="Rent"/> back; the smallest free buffer is dropped past one per processor.</summary>
    public static void Return(byte[] buffer)
    {
        lock (s_gate)
        {
            s_free.Add(buffer);
            if (s_free.Count <= Environment.ProcessorCount) return;
            int smallest = 0;
            for (int i = 1; i < s_free.Count; i++)
                if (s_free[i].Length < s_free[smallest].Length) smallest = i;
            s_free.RemoveAt(smallest);
        }
    }
}
