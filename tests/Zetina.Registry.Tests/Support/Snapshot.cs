using Zetina.Registry.Rules;
using Zetina.Registry.Store;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests.Support;

/// <summary>Everything a refusal must leave unchanged: the ledger audit, the event log's end, named accounts and jobs.</summary>
internal sealed record Snapshot(LedgerAudit Audit, long LastSequence, string Accounts, string Jobs)
{
    public static Task<Snapshot> TakeAsync(LedgerFixture f, Felt[] accounts, Felt[] jobs) =>
        TakeAsync(f.Registry, f.Audit, () => f.LastSequence, accounts, jobs);

    public static Task<Snapshot> TakeAsync(SqliteRegistry r, Felt[] accounts, Felt[] jobs) =>
        TakeAsync(r, r.Audit, () => r.LastSequence, accounts, jobs);

    private static async Task<Snapshot> TakeAsync(IRegistry r, Func<LedgerAudit> audit, Func<long> lastSequence, Felt[] accounts, Felt[] jobs)
    {
        var a = new System.Text.StringBuilder();
        foreach (Felt x in accounts) a.Append(await r.GetAccountAsync(x)).Append('\n');
        var j = new System.Text.StringBuilder();
        foreach (Felt x in jobs)
        {
            JobView? v = await r.GetJobAsync(x);
            j.Append(v is null ? "none" : $"{v.Status} {v.Executor} {v.Sequence}").Append('\n');
        }
        return new Snapshot(audit(), lastSequence(), a.ToString(), j.ToString());
    }
}
