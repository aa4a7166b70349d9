namespace Zetina.Cairo.Stone.Layouts;

/// <summary>The Stone layouts this verifier knows, by the name <c>public_input.layout</c> gives them.</summary>
internal static class StoneLayoutTable
{
    /// <summary>Every known layout, in the order Stone's verifier would be built for them.</summary>
    public static IReadOnlyList<IStoneLayout> All { get; } =
    [
        RecursiveLayout.Instance,
        SmallLayout.Instance,
        DexLayout.Instance,
        PlainLayout.Instance,
        RecursiveWithPoseidonLayout.Instance,
        StarknetLayout.Instance,
        RecursiveLargeOutputLayout.Instance,
        StarknetWithKeccakLayout.Instance,
    ];

    /// <summary>The layout named <paramref name="name"/>, or null when this verifier does not know it.</summary>
    public static IStoneLayout? Find(string name)
    {
        foreach (IStoneLayout layout in All)
            if (layout.Name == name) return layout;
        return null;
    }
}
