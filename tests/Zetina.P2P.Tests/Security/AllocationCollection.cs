namespace Zetina.P2P.Tests.Security;

/// <summary>
/// Tests that measure the whole process's allocations run alone, so no other test's allocations are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "allocation";
}
