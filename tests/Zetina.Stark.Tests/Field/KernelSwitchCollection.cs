namespace Zetina.Stark.Tests.Field;

/// <summary>
/// The test classes that switch <c>FeltLanes.UsesNative</c>, a process-wide setting: they run one at a time, so that
/// one class's "kernel off" is never another's observation that the kernel is not in use.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KernelSwitchCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "native kernel switch";
}
