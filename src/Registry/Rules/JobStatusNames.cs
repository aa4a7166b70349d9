namespace Zetina.Registry.Rules;

/// <summary>
/// The names a <see cref="JobStatus"/> has outside the code: the SQLite <c>jobs.status</c> column and the
/// HTTP API's <c>status</c> field both spell it <c>"open"</c>, <c>"settled"</c>, <c>"expired"</c> (docs/registry.md).
/// </summary>
public static class JobStatusNames
{
    /// <summary>The status's name on the wire and in the database.</summary>
    public static string ToName(this JobStatus status) => status switch
    {
        JobStatus.Open => "open",
        JobStatus.Settled => "settled",
        JobStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a job status"),
    };

    /// <summary>The status named <paramref name="name"/>; false for any other string.</summary>
    public static bool TryParse(string? name, out JobStatus status)
    {
        switch (name)
        {
            case "open": status = JobStatus.Open; return true;
            case "settled": status = JobStatus.Settled; return true;
            case "expired": status = JobStatus.Expired; return true;
            default: status = default; return false;
        }
    }

    /// <summary>The status named <paramref name="name"/>; throws <see cref="InvalidDataException"/> for any other string.</summary>
    public static JobStatus Parse(string name) =>
        TryParse(name, out JobStatus s) ? s : throw new InvalidDataException($"job status '{name}' is not one of open, settled, expired");
}
