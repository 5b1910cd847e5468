using Orchestrator.Core.Catalog;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Reporting;

/// <summary>The run report: per table what moved and what validation found; machines read the JSON, people the Markdown.</summary>
public sealed record MigrationReport
{
    public int Version { get; init; } = 1;
    public required string MigrationId { get; init; }
    public required string SourceDialect { get; init; }
    public required SourcePosition ConsistentAsOf { get; init; }
    public DateTime StartedUtc { get; init; }
    public DateTime FinishedUtc { get; init; }
    public required IReadOnlyList<TableReport> Tables { get; init; }
    public IReadOnlyList<string> FinalizeSteps { get; init; } = [];
    /// <summary>What the schema conversion renamed, translated with a caveat, or did not create (from the catalog).</summary>
    public IReadOnlyList<ConversionFinding> SchemaFindings { get; init; } = [];
    /// <summary>Optional source probes the server refused (statistics, DMVs, change tracking) and the fallback each took.</summary>
    public IReadOnlyList<UnavailableProbe> UnavailableProbes { get; init; } = [];
    /// <summary>One OpenLineage-style run event per table: source dataset in, target dataset out, with column lineage.</summary>
    public IReadOnlyList<LineageEvent> Lineage { get; init; } = [];
    /// <summary>The graph written from the migrated tables (spec section graph), with its counts.</summary>
    public Graph.GraphReport? Graph { get; init; }
    public bool Passed => Tables.All(t => t.Passed) && Graph?.Passed != false;
    public long Rows => Tables.Sum(t => t.RowsLoaded);
    public long Rejects => Tables.Sum(t => t.Rejects);
    public long Bytes => Tables.Sum(t => t.Bytes);
    public double Seconds => (FinishedUtc - StartedUtc).TotalSeconds;

    public static MigrationReport From(ReportInput input) => new()
    {
        MigrationId = input.MigrationId,
        SourceDialect = input.Spec.Source.Dialect,
        ConsistentAsOf = input.Position,
        StartedUtc = input.StartedUtc,
        FinishedUtc = input.FinishedUtc,
        Tables = input.Tables.Select(TableReport.From).ToList(),
        FinalizeSteps = input.Finalize.Steps,
        Graph = input.Graph,
    };
}

public sealed record TableReport
{
    public required string Source { get; init; }
    public required string Target { get; init; }
    public int Chunks { get; init; }
    public long SourceRows { get; init; }
    public long RowsExtracted { get; init; }
    public long RowsLoaded { get; init; }
    public long TargetRows { get; init; }
    public long Rejects { get; init; }
    public long Bytes { get; init; }
    public long CompressedBytes { get; init; }
    public double Seconds { get; init; }
    public double RowsPerSecond => Seconds > 0 ? RowsLoaded / Seconds : 0;
    /// <summary>pass, fail or skipped: every chunk's (or the whole table's) digest read back from the target.</summary>
    public required Verdict DigestVerdict { get; init; }
    public IReadOnlyList<string> DigestMismatches { get; init; } = [];
    public required Verdict AggregateVerdict { get; init; }
    public IReadOnlyList<string> AggregateDifferences { get; init; } = [];
    /// <summary>Per vector column: the norms the extract wrote against the norms now in the target.</summary>
    public IReadOnlyList<VectorNormReport> Vectors { get; init; } = [];
    /// <summary>Per vector index: recall@10 against exact search, latency both ways, the setting that reaches the target.</summary>
    public IReadOnlyList<Validation.VectorSearchQuality> VectorSearch { get; init; } = [];
    public long ArtifactsStored { get; init; }
    public long ArtifactsVerified { get; init; }
    /// <summary>Every source row is in the target or in the rejects.</summary>
    public bool Reconciled => RowsExtracted == RowsLoaded + Rejects && TargetRows == RowsLoaded;
    public bool Passed => Reconciled && DigestVerdict != Verdict.Fail && AggregateVerdict != Verdict.Fail;

    public static TableReport From(TableResult t)
    {
        var digests = t.ChunkVerdicts.ToList();
        if (t.Verdict?.WholeTableDigest is { } whole) digests.Add(whole);
        var mismatches = digests.Where(v => !v.Matches)
            .Select(v => $"{v.ChunkId}: extracted {v.SourceRows} rows {v.SourceDigest}, target has {v.TargetRows} rows {v.TargetDigest}")
                .ToList();
        var vectors = VectorNormReport.Compare(t.Verdict?.ExtractedNorms, t.Verdict?.VectorNorms);
        var differences = (t.Verdict?.AggregateDifferences ?? []).Concat(vectors.Where(v => !v.Matches).Select(v => v.Describe())).ToList();
        return new TableReport
        {
            Source = t.Source.ToString(),
            Target = t.Target.ToString(),
            Chunks = t.Chunks,
            SourceRows = t.Verdict?.SourceRows ?? t.RowsExtracted,
            RowsExtracted = t.RowsExtracted,
            RowsLoaded = t.RowsLoaded,
            TargetRows = t.Verdict?.TargetRows ?? t.RowsLoaded,
            Rejects = t.Rejects,
            Bytes = t.Bytes,
            CompressedBytes = t.CompressedBytes,
            Seconds = (t.FinishedUtc - t.StartedUtc).TotalSeconds,
            DigestVerdict = digests.Count == 0 ? Verdict.Skipped : mismatches.Count == 0 ? Verdict.Pass : Verdict.Fail,
            DigestMismatches = mismatches,
            AggregateVerdict = t.Verdict is null ? Verdict.Skipped : differences.Count == 0 ? Verdict.Pass : Verdict.Fail,
            AggregateDifferences = differences,
            Vectors = vectors,
            VectorSearch = t.VectorSearch,
            ArtifactsStored = t.ArtifactsStored,
            ArtifactsVerified = t.Verdict?.ArtifactsVerified ?? 0,
        };
    }
}
