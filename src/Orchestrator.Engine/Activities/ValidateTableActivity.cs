using System.Diagnostics;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Target;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// The table's checks: its whole-table digest, read back from the target in one pass and compared with the sum of its
/// chunks' (from the ledger), and the engine-independent counts and aggregates: computed in SQL on the source, and
/// measured by that same pass on the target (in SQL for the types it cannot measure).
/// </summary>
public sealed class ValidateTableActivity(MigrationServices services) : WorkflowActivity<TableWork, TableVerdict>
{
    public override string Name => ActivityNames.ValidateTable;

    protected override Task<TableVerdict> RunAsync(TableWork input, Activity? span, CancellationToken ct) => ValidateAsync(input, span, ct);

    /// <summary>The verdict, for this activity and for <see cref="ValidateAndFinalizeTableActivity"/>.</summary>
    public async Task<TableVerdict> ValidateAsync(TableWork input, Activity? span, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var table = catalog.Find(input.Table.Source)!;
        var target = services.Target(input.Spec);
        var columns = SourceTerms.Comparable(table);

        // What the chunks loaded, by the ledger: the expected digest, the row count when aggregates are off, and the
        // rows rules refused; and the target table's facts, in the same round trip (a run of many small tables pays
        // per statement).
        var (ledger, facts) = await target.ValidationFactsAsync(input.MigrationId, input.Table.Target, ct);
        var loaded = ledger.Loaded;
        // One sequential read of the target gives the whole-table digest and, on the way, the aggregates of every
        // column whose values it can measure; SQL measures the rest (and the source) beside it. Measuring in SQL too
        // would scan the table a second time (1.3 CPU-s of the server's for 2M rows).
        var plan = input.Spec.Validation is { Digests: true, Aggregates: true } && input.Table.Format == CopyFormat.Binary
            ? StreamMeasurePlan.For(input.Table.Columns, columns, facts.BaseTypes, facts.Utf8) : null;
        span?.SetTag("migration.measured_in_read_back", plan?.Measured.Count ?? 0);
        var readBack = input.Spec.Validation.Digests ? ReadBackAsync(input, target, facts, plan, ct)
            : Task.FromResult<TableReadBack?>(null);
        var measured = MeasureAsync(input, table, target, facts, columns, loaded.Rows, ledger.Rejects, plan, readBack, ct);
        await Task.WhenAll(readBack, measured);
        var back = await readBack;
        var digest = back is null ? null : new ChunkVerdict("(whole table)", loaded.Rows, loaded.Hex, back.Digest.Rows, back.Digest.Hex);
        return (await measured) with { WholeTableDigest = digest };
    }

    static Task<TableReadBack?> ReadBackAsync(TableWork input, ITarget target, TargetTableFacts facts,
        StreamMeasurePlan? plan, CancellationToken ct)
    {
        // One sequential read: it goes through a small ring of buffers, where TID range scans go through all of shared
        // buffers; two such streams cost the server about 3x the CPU of one on a 512 MB pool (docs/bench-durable.md).
        return target.ReadBackTableAsync(input.Table.Target, input.Table.Columns, input.Table.Format, streams: 1, facts, plan, ct)!;
    }

    /// <summary>The target's aggregates: the read-back's measures, plus SQL's for the columns it could not measure.</summary>
    static async Task<TableAggregates> TargetAggregatesAsync(TableWork input, ITarget target, TargetTableFacts facts,
        IReadOnlyList<ColumnInfo> columns,
        StreamMeasurePlan? plan, Task<TableReadBack?> readBack, CancellationToken ct)
    {
        if (plan is null) return await target.AggregatesAsync(input.Table.Target, columns, facts, ct);
        var inSql = plan.InSql.Count > 0 ? await target.AggregatesAsync(input.Table.Target, plan.InSql, facts, ct) : null;
        var back = (await readBack)!;
        var measures = new Dictionary<string, string>(inSql?.Measures ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in back.Measures!.Measures(back.Digest.Rows)) measures[name] = value;
        return new TableAggregates(measures);
    }

    async Task<TableVerdict> MeasureAsync(TableWork input, TableInfo table, ITarget target, TargetTableFacts facts,
        IReadOnlyList<ColumnInfo> columns,
        long loadedRows, long rejects, StreamMeasurePlan? plan, Task<TableReadBack?> readBack, CancellationToken ct)
    {
        var shaped = await ShapesAsync(input, table, ct);
        // Under sync the source moves on while this runs: the live comparison is cutover's compare, not this.
        if (!input.Spec.Validation.Aggregates || input.Spec.Sync.Enabled)
            return shaped with { SourceRows = loadedRows + rejects, TargetRows = loadedRows, Rejects = rejects };
        var sourceAggregates = services.Source(input.Spec)
            .ComputeAggregatesAsync(input.Table.Source, SourceTerms.Columns(table, columns), ct);
        var targetAggregates = TargetAggregatesAsync(input, target, facts, columns, plan, readBack, ct);
        var (s, t) = (await sourceAggregates, await targetAggregates);
        var differences = rejects == 0 ? SourceTerms.ToTarget(table, s).Differences(t).ToList()
            // Refused rows are in the source's measures and not the target's: the count reconciles with them, the
            // other measures cannot (the loaded rows are still compared value by value by their digests).
            : s.Rows == t.Rows + rejects ? [] : [$"rows: source {s.Rows}, target {t.Rows} + {rejects} rejected"];
        return shaped with
        {
            SourceRows = s.Rows, TargetRows = t.Rows, Rejects = rejects,
            AggregateDifferences = [.. differences, .. shaped.AggregateDifferences],
        };
    }

    /// <summary>The checks of reshaped columns: target vector norms, and external artifacts hashed again from the store.</summary>
    async Task<TableVerdict> ShapesAsync(TableWork input, Catalog.TableInfo table, CancellationToken ct)
    {
        var verdict = new TableVerdict(0, 0, [], null);
        if (!table.Columns.Any(c => c.Rule is not null)) return verdict;
        var dataSource = services.TargetDataSource(input.Spec);
        var norms = await Shapes.ShapeValidation.VectorNormsAsync(dataSource, table, ct);
        var extracted = await services.Target(input.Spec).LedgerNormsAsync(input.MigrationId, input.Table.Target, ct);
        var (verified, problems) = await Shapes.ShapeValidation.ArtifactsAsync(dataSource, table, services.Store(input.Spec).Artifacts, ct);
        return verdict with { VectorNorms = norms.Count == 0 ? null : norms, ExtractedNorms = extracted.Count == 0 ? null : extracted,
            ArtifactsVerified = verified, AggregateDifferences = problems };
    }
}
