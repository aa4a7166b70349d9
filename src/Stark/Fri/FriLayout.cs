using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Fri;

/// <summary>
/// The shape of one FRI instance: layer 0 is a function on shift·⟨ω_N⟩ (N = 2^<see cref="LogDomainSize"/>);
/// fold j (j &lt; <see cref="FoldCount"/>) takes layer j to layer j + 1 by 2^<see cref="Steps"/>[j] → 1;
/// the last layer (index FoldCount) is sent as a polynomial of degree below <see cref="LastLayerDegreeBound"/>.
/// </summary>
/// <remarks>
/// A leading step of 0 (Stone's convention) folds nothing: layer 1 is layer 0 itself, committed as a FRI layer.
/// That is what keeps wide tables cheap to open: layer 0's folding cosets are single rows, so a query opens one row
/// of every table, and the 2^step₁ values the first real fold needs come from layer 1's narrow leaf instead of
/// 2^step₁ rows of every table.
/// </remarks>
public sealed record FriLayout
{
    /// <summary>Builds the layout; a leading 0 in <paramref name="friStepList"/> is kept (see remarks).</summary>
    public FriLayout(int logDomainSize, int[] friStepList, int lastLayerDegreeBound, Felt shift)
    {
        LogDomainSize = logDomainSize;
        Steps = (int[])friStepList.Clone();
        LastLayerDegreeBound = lastLayerDegreeBound;
        Shift = shift;
    }

    /// <summary>log₂ of layer 0's size.</summary>
    public int LogDomainSize { get; }

    /// <summary>log₂ of each fold's arity (only the first may be 0).</summary>
    public int[] Steps { get; }

    /// <summary>The last layer's degree bound.</summary>
    public int LastLayerDegreeBound { get; }

    /// <summary>Layer 0's coset shift.</summary>
    public Felt Shift { get; }

    /// <summary>How many folds; the last layer's index.</summary>
    public int FoldCount => Steps.Length;

    /// <summary>log₂ of layer j's size.</summary>
    public int LayerLogSize(int j)
    {
        int log = LogDomainSize;
        for (int i = 0; i < j; i++) log -= Steps[i];
        return log;
    }

    /// <summary>The fold arity (log₂) applied to layer j; 0 for the last layer.</summary>
    public int StepAt(int j) => j < Steps.Length ? Steps[j] : 0;

    /// <summary>M_j: how many folding cosets (leaves) layer j has; coset i holds indices i + c·M_j.</summary>
    public int CosetCount(int j) => 1 << (LayerLogSize(j) - StepAt(j));

    /// <summary>Layer j's coset shift: shift^(2^(Σ_{i&lt;j} steps)).</summary>
    public Felt LayerShift(int j)
    {
        Felt s = Shift;
        for (int i = 0; i < LogDomainSize - LayerLogSize(j); i++) s = s.Square();
        return s;
    }

    /// <summary>The point of layer j at index <paramref name="index"/>: shift_j·ω_{S_j}^index.</summary>
    public Felt Point(int j, int index) => LayerShift(j) * RootsOfUnity.PrimitiveRoot(LayerLogSize(j)).Pow((ulong)index);
}
