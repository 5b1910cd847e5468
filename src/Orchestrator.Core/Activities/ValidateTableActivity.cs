using System.Diagnostics;
using Orchestrator.Core.Planning;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// The table's checks: its whole-table digest, read back from the target in one pass and compared with the sum of its
/// chunks' (from the ledger), and the engine-independent counts and aggregates computed in SQL on each side.
/// </summary>
public sealed class ValidateTableActivity(MigrationServices services) : WorkflowActivity<TableTask, TableVerdict>
{
    public override string Name => ActivityNames.ValidateTable;

    protected override async Task<TableVerdict> RunAsync(TableTask input, Activity? span, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var table = catalog.Find(input.Table.Source)!;
        var target = services.Target(input.Spec);
        var columns = SourceTerms.Comparable(table);

        // What the chunks loaded, by the ledger: the expected digest, and the row count when aggregates are off.
        var loaded = await target.LedgerTotalAsync(input.MigrationId, input.Table.Target, ct);
        // The whole-table digest (a sequential read of the target) runs beside the aggregates (SQL on both sides).
        var digest = input.Spec.Validation.Digests ? WholeTableDigestAsync(input, target, loaded, ct) : Task.FromResult<ChunkVerdict?>(null);
        var measured = MeasureAsync(input, table, target, columns, loaded.Rows, ct);
        await Task.WhenAll(digest, measured);
        return (await measured) with { WholeTableDigest = await digest };
    }

    static async Task<ChunkVerdict?> WholeTableDigestAsync(TableTask input, Target.PostgresTarget target, Validation.RowSetDigest expected, CancellationToken ct)
    {
        // Half the window reads (the aggregates of both sides run beside it), never more streams than the table has chunks.
        var streams = Math.Min((input.Spec.Chunking.MaxParallel + 1) / 2, Math.Max(1, input.Table.Chunks.Count));
        var actual = await target.ReadBackTableDigestAsync(input.Table.Target, input.Table.Columns, input.Table.Format, streams, ct);
        return new ChunkVerdict("(whole table)", expected.Rows, expected.Hex, actual.Rows, actual.Hex);
    }

    async Task<TableVerdict> MeasureAsync(TableTask input, Catalog.TableInfo table, Target.PostgresTarget target, IReadOnlyList<Catalog.ColumnInfo> columns,
        long loadedRows, CancellationToken ct)
    {
        var rejects = await target.RejectsAsync(input.MigrationId, input.Table.Target, ct);
        var shaped = await ShapesAsync(input, table, ct);
        if (!input.Spec.Validation.Aggregates)
            return shaped with { SourceRows = loadedRows + rejects, TargetRows = loadedRows, Rejects = rejects };
        var sourceAggregates = services.Source(input.Spec).ComputeAggregatesAsync(input.Table.Source, SourceTerms.ForSource(columns), ct);
        var targetAggregates = target.AggregatesAsync(input.Table.Target, columns, ct);
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
    async Task<TableVerdict> ShapesAsync(TableTask input, Catalog.TableInfo table, CancellationToken ct)
    {
        var verdict = new TableVerdict(0, 0, [], null);
        if (!table.Columns.Any(c => c.Rule is not null)) return verdict;
        var targetTable = table with { Name = input.Table.Target };
        var dataSource = services.TargetDataSource(input.Spec);
        var norms = await Shapes.ShapeValidation.VectorNormsAsync(dataSource, targetTable, ct);
        var extracted = await services.Target(input.Spec).LedgerNormsAsync(input.MigrationId, input.Table.Target, ct);
        var (verified, problems) = await Shapes.ShapeValidation.ArtifactsAsync(dataSource, targetTable, services.Store(input.Spec).Artifacts, ct);
        return verdict with { VectorNorms = norms.Count == 0 ? null : norms, ExtractedNorms = extracted.Count == 0 ? null : extracted, ArtifactsVerified = verified, AggregateDifferences = problems };
    }
}
