using Orchestrator.Core.Activities;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Sources.Postgres;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Sync;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// Chooses how each table of a migration is compared now. Ranges are planned afresh by the source dialect over the
/// table's key (the tables may have grown since the load), in about maxParallel ranges per table and at most
/// rowsPerChunk rows each. A table without a usable key is compared by count and whole-table digest, and says why.
/// </summary>
public static class ComparePlanner
{
    const long MinRowsPerRange = 10_000;
    /// <summary>
    /// The largest table read in one pass (by the source's size estimate): one activity reads it whole, and the Functions
    /// host stops an activity after an hour. A larger table reads each range on its own, up to maxParallel at once.
    /// </summary>
    public const long OnePassBytes = 16L << 30;

    public static async Task<ComparePlan> BuildAsync(MigrationServices services, CompareInput input, CancellationToken ct)
    {
        var store = services.Store(input.Spec);
        var json = await store.ReadDocumentAsync(input.MigrationId, Documents.Plan, ct)
            ?? throw new SpecException($"--id: migration '{input.MigrationId}' has no plan in " +
                $"{store.Describe(input.MigrationId)}; run migrate first");
        var migration = StagedDocuments.Plan(json, StagedDocuments.Where(store, input.MigrationId, Documents.Plan));
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var pattern = input.Tables is null ? null : new TablePattern(input.Tables);
        var selected = migration.Tables.Where(t => pattern is null || pattern.Matches(t.Source.Schema, t.Source.Name)
            || pattern.Matches(t.Target.Schema, t.Target.Name)).ToList();
        if (selected.Count == 0)
            throw new SpecException($"--tables: no table of migration '{input.MigrationId}' matches '{input.Tables}'");
        var tables = new List<CompareTable>();
        foreach (var table in selected)
        {
            var info = catalog.Find(table.Source)!;
            var (changed, why, through) = input.ChangedOnly ? await ChangedAsync(services, input, table, info, ct) : (null, "", null);
            if (changed is not null) { tables.Add(changed); continue; }
            var whole = await TableAsync(services, input.Spec, table, info, ct);
            tables.Add(input.ChangedOnly
                ? whole with { Note = (whole.Note is null ? "" : whole.Note + "; ") + "compared whole: " + why, ChangedThrough = through }
                : whole);
        }
        return new ComparePlan(tables);
    }

    /// <summary>
    /// The table's changed keys in ranges of <see cref="ChangedKeys.PerRange"/>, or why they cannot stand for it; and the
    /// last recorded change they account for. After a pre-check, only the keys changed since and those it left unsettled.
    /// </summary>
    static async Task<(CompareTable?, string Why, long? Through)> ChangedAsync(MigrationServices services, CompareInput input,
        TablePlan migrated, TableInfo table, CancellationToken ct)
    {
        if (!input.Spec.Validation.Digests)
            return (null, "the load's digests were off (validation.digests), so no row is vouched for", null);
        if (!services.Source(input.Spec).ReadsListedKeys)
            return (null, $"a {input.Spec.Source.Dialect} source reads key ranges, not listed keys", null);
        if (SyncTables.KeyOf(table) is not { } key) return (null, "it has no key the sync could record", null);
        var precheck = input.Prechecks?.FirstOrDefault(p => p.TableId == migrated.TableId);
        var (count, truncated, through) = await ChangedKeys.GatherAsync(services.TargetDataSource(input.Spec), input.MigrationId,
            migrated.Target, precheck?.ChangedThrough ?? 0, precheck?.Unsettled ?? [], ct);
        var since = precheck is null ? "" : " since the pre-check";
        if (truncated) return (null, $"the sync truncated it{since}", through);
        if (count > Math.Max(table.EstimatedRows / 4, ChangedKeys.PerRange))
            return (null, $"the sync changed {count:N0} keys{since}, more than a quarter of its rows", through);
        var keyTypes = key.Select(k => table.Columns.First(c => c.Name == k).DataType).ToList();
        var ranges = new List<ChunkRange>();
        for (long from = 0; from < count; from += ChangedKeys.PerRange)
            ranges.Add(new ChunkRange { Kind = RangeKind.Changed, KeyColumns = key, KeyTypes = keyTypes, FromPage = from,
                ToPage = Math.Min(from + ChangedKeys.PerRange, count) });
        var facts = await services.Target(input.Spec).TableFactsAsync(migrated.Target, ct);
        var note = precheck is null ? $"the {count:N0} key(s) the sync changed; the load's digests vouch for the rest"
            : $"the {count:N0} key(s) the sync changed since the pre-check or that it left unsettled; the pre-check and the " +
                "load's digests vouch for the rest";
        return (new CompareTable
        {
            TableId = migrated.TableId, Source = migrated.Source, Target = migrated.Target, Columns = migrated.Columns,
            Read = migrated.Read, Format = migrated.Format,
            Partitioned = facts.Partitioned, Mode = CompareMode.Ranges, Key = key, KeyTypes = keyTypes, Ranges = ranges,
            Note = note, ChangedThrough = through,
        }, "", through);
    }

    static async Task<CompareTable> TableAsync(MigrationServices services, MigrationSpec spec, TablePlan migrated,
        TableInfo table, CancellationToken ct)
    {
        var facts = await services.Target(spec).TableFactsAsync(migrated.Target, ct);
        var chunking = spec.Chunking with { RowsPerChunk = Math.Clamp(table.EstimatedRows / spec.Chunking.MaxParallel, MinRowsPerRange,
            Math.Max(spec.Chunking.RowsPerChunk, MinRowsPerRange)) };
        var ranges = SourceTerms.ToTarget(table,
            await services.Source(spec).PlanChunksAsync(SourceTerms.ForChunkPlanning(table), migrated.TableId, chunking, ct))
            .Select(c => c.Range).ToList();
        var compared = new CompareTable
        {
            TableId = migrated.TableId, Source = migrated.Source, Target = migrated.Target, Columns = migrated.Columns,
            Read = migrated.Read, Format = migrated.Format,
            Partitioned = facts.Partitioned, Mode = CompareMode.WholeTable, Ranges = ranges,
        };
        var key = PostgresSourceDialect.ChunkKey(table);
        if (key is null)
            return compared with { Note = "no primary key or unique key over NOT NULL columns: compared by " +
                "count and whole-table digest only" };
        if (key.FirstOrDefault(k => SourceTerms.Reshaped(table.Columns.First(c => c.Name == k))) is { } reshaped)
            return compared with { Note = $"key column {reshaped} is reshaped by a rule, so its values differ by design: compared by " +
                "count and whole-table digest only" };
        if (ranges.FirstOrDefault(r => r.Kind is not (RangeKind.Key or RangeKind.All)) is { } physical)
            return compared with { Note = $"the source splits this table by {physical.Kind.ToString().ToLowerInvariant()} ranges, not " +
                "by its key: compared by count and whole-table digest only" };
        var rangeKey = ranges.FirstOrDefault(r => r.Kind == RangeKind.Key)?.KeyColumns ?? key;
        var keyed = compared with
        {
            Mode = CompareMode.Ranges, Key = rangeKey,
            KeyTypes = rangeKey.Select(k => table.Columns.First(c => c.Name == k).DataType).ToList(),
        };
        return keyed with { OnePass = table.SizeBytes <= OnePassBytes && RangeBuckets.For(keyed) is not null };
    }
}
