using Zetina.Stark.Field;

namespace Zetina.Stark.Ntt;

/// <summary>
/// The <see cref="TwiddleTable"/> as the native group transform reads it (<see cref="NativeNtt"/>): group j holds
/// entries 8j … 8j + 7 in the limb form of a product's second factor. Process-wide, grown on demand like the element
/// table; held in a pinned array, 64-byte aligned.
/// </summary>
internal sealed unsafe class TwiddleGroups
{
    private static readonly Lock s_gate = new();
    private static TwiddleGroups? s_current;

    private readonly byte[] _storage;

    /// <summary>Entries covered: transforms of up to this many points.</summary>
    public int Size { get; }

    /// <summary>The first group (64-byte aligned); valid while this object is reachable.</summary>
    public byte* Groups => (byte*)(((nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _storage[0]) + 63) & ~(nint)63);

    private TwiddleGroups(int size)
    {
        Size = size;
        _storage = GC.AllocateUninitializedArray<byte>((size / 8) * NativeNtt.GroupBytes + 64, pinned: true);
        Felt[] table = TwiddleTable.For(System.Numerics.BitOperations.Log2((uint)size));
        fixed (Felt* tw = table) NativeNtt.TwiddleGroups(tw, Groups, 1, size / 8);
    }

    /// <summary>
    /// Drops the table when it covers more than 2^16 points; the next transform builds the size it needs again.
    /// Transforms running meanwhile keep the table they hold.
    /// </summary>
    public static void Release()
    {
        lock (s_gate)
        {
            if (s_current is not null && s_current.Size > 1 << 16) Volatile.Write(ref s_current, null);
        }
    }

    /// <summary>A table covering transforms of 2^<paramref name="logSize"/> points (logSize ≥ 3).</summary>
    public static TwiddleGroups For(int logSize)
    {
        TwiddleGroups? t = Volatile.Read(ref s_current);
        if (t is not null && t.Size >= 1 << logSize) return t;
        lock (s_gate)
        {
            t = s_current;
            if (t is not null && t.Size >= 1 << logSize) return t;
            t = new TwiddleGroups(1 << logSize);
            Volatile.Write(ref s_current, t);
            return t;
        }
    }
}
