using Zetina.Stark.Field;

namespace Zetina.Cairo.Runner;

/// <summary>
/// The memory after relocation: a dense array indexed by absolute address (address 0 is never used; the program
/// starts at 1) with a presence flag per address (holes are absent).
/// </summary>
public sealed class RelocatedMemory
{
    internal RelocatedMemory(Felt[] values, bool[] present)
    {
        Values = values;
        Present = present;
    }

    /// <summary>Value by address; meaningful where <see cref="Present"/> is true.</summary>
    public Felt[] Values { get; }

    /// <summary>True where the address was written.</summary>
    public bool[] Present { get; }

    /// <summary>One past the highest address.</summary>
    public int Length => Values.Length;

    /// <summary>Number of written addresses.</summary>
    public int Count
    {
        get
        {
            int n = 0;
            foreach (bool b in Present) if (b) n++;
            return n;
        }
    }

    /// <summary>The value at <paramref name="address"/>, if written.</summary>
    public bool TryGet(long address, out Felt value)
    {
        if ((ulong)address < (ulong)Values.Length && Present[address])
        {
            value = Values[address];
            return true;
        }
        value = default;
        return false;
    }
}
