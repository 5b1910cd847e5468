namespace Orchestrator.Core.Spec;

/// <summary>How `migrator compare` compares the live source with the live target (docs/compare.md).</summary>
public sealed record CompareSpec
{
    /// <summary>Seconds to wait before differing rows are read again: a difference still there is confirmed, one gone settled.</summary>
    public int SettleSeconds { get; init; } = 5;
    /// <summary>A differing range is split until one side holds at most this many rows; then its rows are compared by key.</summary>
    public int RowLevelRows { get; init; } = 10_000;
    /// <summary>Differing keys listed per table in the report (the totals count every one).</summary>
    public int MaxKeys { get; init; } = 100;
    /// <summary>Functions host: compare a completed migration on every MIGRATION_SCHEDULE tick (a dual-write phase).</summary>
    public bool OnSchedule { get; init; }
}

/// <summary>How `migrator shadow` runs the application's key queries on both sides (docs/compare.md).</summary>
public sealed record ShadowSpec
{
    /// <summary>
    /// The modern side is within budget when its latency at <see cref="Percentile"/> is at most this times the legacy side's.
    /// </summary>
    public double LatencyBudget { get; init; } = 1.2;
    /// <summary>p50, p95 or p99: the percentile the budget compares.</summary>
    public string Percentile { get; init; } = "p95";
    /// <summary>Measured runs per query and side (the command's --runs overrides it).</summary>
    public int Runs { get; init; } = 20;
    /// <summary>Unmeasured runs per query, side and parameter set first; the first one's results are the ones compared.</summary>
    public int WarmupRuns { get; init; } = 1;
}
