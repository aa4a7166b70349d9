namespace Zetina.P2P.Diagnostics;

/// <summary>Result of the gossip latency measurement.</summary>
/// <param name="MedianMs">Median publish-to-delivery latency over all (message, receiver) pairs.</param>
/// <param name="P99Ms">99th percentile of the same.</param>
/// <param name="Delivered">Deliveries seen.</param>
/// <param name="Expected">Deliveries expected (messages × receivers).</param>
internal sealed record GossipLatency(double MedianMs, double P99Ms, int Delivered, int Expected);
