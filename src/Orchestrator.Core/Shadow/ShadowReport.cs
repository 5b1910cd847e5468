using System.Globalization;
using System.Text.Json.Serialization;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shadow;

/// <summary>
/// What shadow reads found: per query whether both sides answer the same and how fast, and the confidence summary a
/// gradual cutover decides on: the share of key queries that are identical and within the latency budget.
/// </summary>
public sealed record ShadowReport
{
    public int Version { get; init; } = 1;
    public required string SourceDialect { get; init; }
    public DateTime StartedUtc { get; init; }
    public DateTime FinishedUtc { get; init; }
    public int Runs { get; init; }
    public int WarmupRuns { get; init; }
    public double LatencyBudget { get; init; }
    public required string Percentile { get; init; }
    public required IReadOnlyList<QueryReport> Queries { get; init; }
    public required ShadowConfidence Confidence { get; init; }

    public bool Passed => Queries.All(q => q.Identical && q.WithinBudget);

    public static ShadowReport From(MigrationSpec spec, int runs, IReadOnlyList<QueryReport> queries, DateTime started, DateTime finished)
        => new()
    {
        SourceDialect = spec.Source.Dialect, StartedUtc = started, FinishedUtc = finished, Runs = runs, WarmupRuns = spec.Shadow.WarmupRuns,
        LatencyBudget = spec.Shadow.LatencyBudget, Percentile = spec.Shadow.Percentile, Queries = queries,
        Confidence = ShadowConfidence.Of(queries, spec.Shadow),
    };
}

public sealed record QueryReport
{
    public required string Name { get; init; }
    /// <summary>Both sides returned the same rows (in the same order when the query is ordered), compared in the target's types.</summary>
    public required bool Identical { get; init; }
    /// <summary>The modern side's latency at the spec's percentile is within shadow.latencyBudget times the legacy side's.</summary>
    public required bool WithinBudget { get; init; }
    public bool Ordered { get; init; }
    public int ParameterSets { get; init; } = 1;
    public required SideResult Legacy { get; init; }
    public required SideResult Modern { get; init; }
    /// <summary>Modern latency over legacy latency, per percentile.</summary>
    public required LatencyRatio Ratio { get; init; }
    /// <summary>Why the results differ, or which side failed and how.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Problem { get; init; }
    /// <summary>The first rows where the results differ.</summary>
    public IReadOnlyList<RowPair> Differences { get; init; } = [];
}

public sealed record SideResult(long Rows, Latency Latency);

public sealed record LatencyRatio(double P50, double P95, double P99)
{
    public static LatencyRatio Of(Latency legacy, Latency modern) =>
        new(Divide(modern.P50, legacy.P50), Divide(modern.P95, legacy.P95), Divide(modern.P99, legacy.P99));

    static double Divide(double a, double b) => b > 0 ? Math.Round(a / b, 3) : 0;
}

public sealed record ShadowConfidence(int Queries, int Identical, int WithinBudget, int Confident, double Share, string Summary)
{
    public static ShadowConfidence Of(IReadOnlyList<QueryReport> queries, ShadowSpec spec)
    {
        var (identical, within, confident) = (queries.Count(q => q.Identical), queries.Count(q => q.WithinBudget),
            queries.Count(q => q.Identical && q.WithinBudget));
        var share = queries.Count == 0 ? 0 : Math.Round((double)confident / queries.Count, 4);
        var c = CultureInfo.InvariantCulture;
        var summary = string.Create(c,
            $"{confident} of {queries.Count} key queries ({share:P0}) answer identically within the latency budget " +
            $"(modern {spec.Percentile} at most {spec.LatencyBudget}x legacy); {identical} identical, {within} within budget.");
        return new ShadowConfidence(queries.Count, identical, within, confident, share, summary);
    }
}
