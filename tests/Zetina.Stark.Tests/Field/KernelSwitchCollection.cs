namespace Zetina.Stark.Tests.Field;

/// <summary>
/// The test classes that switch the field's lane paths (<c>FeltLanes.UsesNative</c>, <c>FeltLanes.UsesFma52</c>),
/// process-wide settings, or assert which one is in use: they run one at a time, so that one class's "kernel off" is
/// never another's observation that the kernel is not in use.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KernelSwitchCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "native kernel switch";
}
