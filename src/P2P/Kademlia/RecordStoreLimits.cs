namespace Zetina.P2P.Kademlia;

/// <summary>
/// The bounds of a <see cref="RecordStore"/>. Sizes count a record's key and value bytes.
/// </summary>
/// <param name="MaxRecordSize">Largest value accepted.</param>
/// <param name="MaxTotalBytes">Bytes held, all publishers together.</param>
/// <param name="MaxRecords">Records held, all publishers together.</param>
/// <param name="MaxBytesPerPeer">Bytes one publisher may hold.</param>
/// <param name="MaxRecordsPerPeer">Records one publisher may hold.</param>
public sealed record RecordStoreLimits(int MaxRecordSize, long MaxTotalBytes, int MaxRecords, long MaxBytesPerPeer, int MaxRecordsPerPeer);
