using Zetina.Registry.Client;
using Zetina.Registry.Rules;

namespace Zetina.Node.Api;

/// <summary>
/// The registry's latest <see cref="Capacity"/> settlements, for <c>GET /v1/settlements</c>: read from the
/// registry's event pages when asked, at most once per <see cref="RefreshInterval"/>, from where the last read
/// ended. The first read starts <see cref="FirstLookBack"/> events before the registry's last one, so a node
/// joining a long-lived registry does not page through its whole history.
/// </summary>
/// <remarks>Pages, not the registry's SSE stream: an open dashboard costs the registry a request per interval,
/// and a closed one nothing — no event-stream slot is held for a page nobody watches.</remarks>
internal sealed class RecentSettlements(RegistryClient registry, TimeProvider clock)
{
    /// <summary>Settlements kept: what the dashboard shows.</summary>
    public const int Capacity = 32;

    /// <summary>Events per registry read: the most one page holds.</summary>
    public const int PageSize = Zetina.Registry.Http.RegistryServer.MaxEventsPerPage;

    /// <summary>How far back the first read starts, in registry events (one page).</summary>
    public const int FirstLookBack = PageSize;

    /// <summary>Pages read per refresh at most: a registry far ahead is caught up over several refreshes.</summary>
    public const int MaxPagesPerRefresh = 4;

    /// <summary>The shortest time between two reads of the registry.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<RegistryEvent> _kept = new();
    private long? _cursor;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    /// <summary>
    /// The kept settlements, oldest first, after reading what the registry appended since the last read (when
    /// <see cref="RefreshInterval"/> has passed). Throws what <see cref="RegistryClient"/> throws when the registry
    /// cannot be read; what was kept stays.
    /// </summary>
    public async Task<RegistryEvent[]> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (clock.GetUtcNow() - _readAt >= RefreshInterval)
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                _readAt = clock.GetUtcNow();
            }
            return [.. _kept];
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        long cursor = _cursor ??
            Math.Max(0, (await registry.ConnectAsync(cancellationToken).ConfigureAwait(false)).LastSequence - FirstLookBack);
        for (int page = 0; page < MaxPagesPerRefresh; page++)
        {
            IReadOnlyList<RegistryEvent> events = await registry.GetEventsAsync(cursor, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (RegistryEvent e in events)
            {
                cursor = e.Sequence;
                if (e.Kind != RegistryEventKind.JobSettled) continue;
                _kept.Enqueue(e);
                if (_kept.Count > Capacity) _kept.Dequeue();
            }
            _cursor = cursor;
            if (events.Count < PageSize) break;
        }
    }
}
