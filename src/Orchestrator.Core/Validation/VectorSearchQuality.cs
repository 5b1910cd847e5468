using System.Globalization;

namespace Orchestrator.Core.Validation;

/// <summary>
/// How well a vector column's approximate index finds what exact search finds, measured on the migrated vectors:
/// recall@K and latency for sampled query vectors at each search setting tried, and the exact search's latency.
/// </summary>
/// <param name="Parameter">hnsw.ef_search or ivfflat.probes: the setting that trades latency for recall.</param>
public sealed record VectorSearchQuality(string Column, string Index, string Distance, string Parameter)
{
    public int Queries { get; init; }
    public int K { get; init; }
    public double RecallTarget { get; init; }
    public double ExactMsP50 { get; init; }
    /// <summary>In the order tried: pgvector's default first, then larger values until the target is reached.</summary>
    public IReadOnlyList<SearchSetting> Settings { get; init; } = [];
    /// <summary>The smallest value tried that reaches the target; null when none did (or nothing was measured).</summary>
    public int? Suggested { get; init; }
    /// <summary>Why nothing was measured (no vectors, the planner would not use the index, the server refused).</summary>
    public string? Problem { get; init; }

    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        if (Problem is not null) return $"{Column} ({Index}, {Distance}): search quality not measured: {Problem}";
        var first = Settings[0];
        var text = string.Create(c,
            $"{Column} ({Index}, {Distance}): recall@{K} {first.Recall:F3} at {Parameter} = {first.Value} (default), ") +
            string.Create(c, $"p50 {first.MsP50:F2} ms against {ExactMsP50:F2} ms exact, {Queries} queries; ");
        if (Suggested is { } value)
        {
            var at = Settings.First(s => s.Value == value);
            return text + string.Create(c,
                $"target {RecallTarget:F2} reached at {Parameter} = {value} (recall {at.Recall:F3}, p50 {at.MsP50:F2} " +
                $"ms): SET {Parameter} = {value}");
        }
        var best = Settings.MaxBy(s => s.Recall)!;
        return text + string.Create(c, $"target {RecallTarget:F2} not reached (best {best.Recall:F3} at {Parameter} = {best.Value})");
    }
}

/// <summary>One search setting measured: mean recall@K over the queries and their median latency.</summary>
public sealed record SearchSetting(int Value, double Recall, double MsP50);
