namespace Zetina.Cairo.Hints;

/// <summary>
/// Every native hint, keyed by its exact Python code (whitespace-trimmed), gathered from the per-module files.
/// </summary>
public static class NativeHints
{
    /// <summary>Code → implementation.</summary>
    public static readonly IReadOnlyDictionary<string, NativeHint> Registry = Build();

    private static Dictionary<string, NativeHint> Build()
    {
        var d = new Dictionary<string, NativeHint>(StringComparer.Ordinal);
        void Add(IEnumerable<KeyValuePair<string, NativeHint>> hints)
        {
            foreach (var kv in hints) d[HintProcessor.Normalize(kv.Key)] = kv.Value;
        }
        Add(AllocHints.All);
        Add(ProgramInputHints.All);
        Add(SignatureHints.All);
        Add(MathHints.All);
        Add(MemcpyHints.All);
        Add(MathMoreHints.All);
        Add(Uint256Hints.All);
        Add(CollectionHints.All);
        Add(DictHints.All);
        Add(NondetHints.All);
        Add(KeccakHints.All);
        Add(SecpHints.All);
        Add(Sha256Hints.All);
        Add(Blake2sHints.All);
        Add(SegmentsHints.All);
        Add(ModuloHints.All);
        Add(EcHints.All);
        Add(Uint384Hints.All);
        Add(SimulatedBuiltinHints.All);
        Add(BuiltinSelectionHints.All);
        Add(SimpleBootloaderHints.All);
        Add(ExecuteTaskHints.All);
        Add(BootloaderHints.All);
        return d;
    }
}
