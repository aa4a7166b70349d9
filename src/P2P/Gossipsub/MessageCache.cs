namespace Zetina.P2P.Gossipsub;

/// <summary>
/// The gossipsub message cache (mcache): messages of the last <c>HistoryLength</c> heartbeats for IWANT answers,
/// the last <c>HistoryGossip</c> of which are advertised in IHAVE. Not thread-safe: the router's lock guards it.
/// </summary>
internal sealed class MessageCache
{
    private readonly Dictionary<string, PubsubMessage> _messages = new(StringComparer.Ordinal);
    private readonly List<List<(string Key, byte[] Id, string Topic)>> _windows = new();
    private readonly int _gossip;

    public MessageCache(int history, int gossip)
    {
        _gossip = gossip;
        for (int i = 0; i < history; i++) _windows.Add(new());
    }

    public void Put(string key, byte[] id, PubsubMessage m)
    {
        if (_messages.TryAdd(key, m)) _windows[0].Add((key, id, m.Topic));
    }

    public PubsubMessage? Get(string key) => _messages.TryGetValue(key, out var m) ? m : null;

    public List<byte[]> GossipIds(string topic)
    {
        var r = new List<byte[]>();
        for (int i = 0; i < _gossip && i < _windows.Count; i++)
            foreach (var (_, id, t) in _windows[i]) if (t == topic) r.Add(id);
        return r;
    }

    public void Shift()
    {
        var last = _windows[^1];
        foreach (var (k, _, _) in last) _messages.Remove(k);
        _windows.RemoveAt(_windows.Count - 1);
        last.Clear();
        _windows.Insert(0, last);
    }
}
