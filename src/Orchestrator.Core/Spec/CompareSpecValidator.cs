namespace Orchestrator.Core.Spec;

/// <summary>Checks the compare and shadow sections; each problem names its JSON path.</summary>
public static class CompareSpecValidator
{
    public static readonly IReadOnlyList<string> Percentiles = ["p50", "p95", "p99"];

    public static void Validate(MigrationSpec spec, List<string> problems)
    {
        var compare = spec.Compare;
        if (compare.SettleSeconds is < 0 or > 3600)
            problems.Add($"compare.settleSeconds: must be between 0 and 3600 (got {compare.SettleSeconds})");
        if (compare.RowLevelRows is < 100 or > 1_000_000)
            problems.Add($"compare.rowLevelRows: must be between 100 and 1000000 (got {compare.RowLevelRows})");
        if (compare.MaxKeys is < 0 or > 100_000)
            problems.Add($"compare.maxKeys: must be between 0 and 100000 (got {compare.MaxKeys})");
        var shadow = spec.Shadow;
        if (!(shadow.LatencyBudget > 0) || double.IsInfinity(shadow.LatencyBudget))
            problems.Add($"shadow.latencyBudget: must be a number > 0, for example 1.2 (got {shadow.LatencyBudget})");
        if (!Percentiles.Contains(shadow.Percentile))
            problems.Add($"shadow.percentile: '{shadow.Percentile}' is not one of {string.Join(", ", Percentiles)}");
        if (shadow.Runs is < 1 or > 100_000)
            problems.Add($"shadow.runs: must be between 1 and 100000 (got {shadow.Runs})");
        if (shadow.WarmupRuns is < 1 or > 1000)
            problems.Add($"shadow.warmupRuns: must be between 1 and 1000 (got {shadow.WarmupRuns})");
    }
}
