using System.Globalization;

namespace Zetina.Node.Hosting;

/// <summary>
/// One setting that differs between two <see cref="NodeOptions"/>, by its config key, with its old and new value as
/// logged (<c>min_reward:0->100</c>).
/// </summary>
/// <param name="Key">The config file's key (the flag in snake case).</param>
/// <param name="Old">The value in force before.</param>
/// <param name="New">The value asked for.</param>
/// <param name="Reloadable">Whether a running node can take the new value (SIGHUP): the executor's reward floors,
/// its step cap, concurrency and queue size, and the API's reward cap. Everything else — addresses, the key, the
/// data dir, the role, retention — needs a restart.</param>
internal sealed record NodeSettingChange(string Key, string Old, string New, bool Reloadable)
{
    /// <summary>The settings that differ, reloadable or not.</summary>
    public static List<NodeSettingChange> Between(NodeOptions a, NodeOptions b)
    {
        var list = new List<NodeSettingChange>();
        void Add(string key, object? x, object? y, bool reloadable)
        {
            string sx = Text(x), sy = Text(y);
            if (sx != sy) list.Add(new NodeSettingChange(key, sx, sy, reloadable));
        }
        Add("min_reward", a.Executor.MinReward, b.Executor.MinReward, true);
        Add("min_reward_per_mstep", a.Executor.MinRewardPerMstep, b.Executor.MinRewardPerMstep, true);
        Add("max_steps", a.Executor.MaxSteps, b.Executor.MaxSteps, true);
        Add("max_concurrent", a.Executor.MaxConcurrent, b.Executor.MaxConcurrent, true);
        Add("max_queue", a.Executor.MaxQueue, b.Executor.MaxQueue, true);
        Add("max_reward", a.MaxReward, b.MaxReward, true);
        Add("keep_finished", a.Executor.KeepFinished, b.Executor.KeepFinished, false);
        Add("role", a.Role, b.Role, false);
        Add("registry", a.Registry, b.Registry, false);
        Add("key", a.StarkKey == b.StarkKey ? "" : "changed", "", false);
        Add("data_dir", a.DataDir, b.DataDir, false);
        Add("api", a.Api, b.Api, false);
        Add("api_token_file", a.ApiTokenFile, b.ApiTokenFile, false);
        Add("listen", string.Join(' ', a.Listen), string.Join(' ', b.Listen), false);
        Add("bootstrap", string.Join(' ', a.Bootstrap), string.Join(' ', b.Bootstrap), false);
        return list;
    }

    private static string Text(object? v) => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";

    public override string ToString() => $"{Key}:{Old}->{New}";
}
