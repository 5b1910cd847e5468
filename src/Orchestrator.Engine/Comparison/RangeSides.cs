using Npgsql;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Sync;
using Orchestrator.Core.Target;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// Reads one range of a table from both live sides as COPY bytes of the target's types. The source is read through
/// its dialect exactly as a chunk is extracted (the same SELECT and consistency, the spec's rules applied, refused rows
/// left out and counted); the target with the COPY read-back validation uses.
/// </summary>
public sealed class RangeSides(MigrationServices services, string migrationId, MigrationSpec spec, TableInfo table, CompareTable plan)
{
    const int BufferSize = 1 << 16;

    /// <summary>The sides of a migrated table, with its catalog entry (names, types, rules) from the migration.</summary>
    public static async Task<RangeSides> ForAsync(MigrationServices services, string migrationId, MigrationSpec spec,
        CompareTable plan, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(migrationId, spec, ct);
        var table = catalog.Find(plan.Source)
            ?? throw new InvalidOperationException($"table {plan.Source} is not in migration '{migrationId}''s catalog");
        return new RangeSides(services, migrationId, spec, table, plan);
    }

    public CompareTable Plan => plan;
    public TableInfo Table => table;
    public MigrationSpec Spec => spec;
    public IChunkStore Store => services.Store(spec);

    /// <summary>Both sides' digests of a range, read at once; and the source rows the rules refused.</summary>
    public async Task<(RowSetDigest Source, RowSetDigest Target, long Rejected)> DigestAsync(ChunkRange range, CancellationToken ct)
    {
        var (source, target) = (CopyFormats.Digester(plan.Format), CopyFormats.Digester(plan.Format));
        range = await ListedAsync(range, ct);
        var rejected = ReadSourceAsync(range, source.Append, ct);
        await Task.WhenAll(rejected, ReadTargetAsync(range, target.Append, ct));
        return (source.Finish(), target.Finish(), await rejected);
    }

    /// <summary>
    /// Both sides read whole at once, each by one sequential scan, their rows' digests sorted into the table's key
    /// ranges (<see cref="RangeBuckets"/>); and the source rows the rules refused.
    /// </summary>
    public async Task<(IReadOnlyList<RowSetDigest> Source, IReadOnlyList<RowSetDigest> Target, long Rejected)>
        RangeDigestsAsync(CancellationToken ct)
    {
        var (sourceRanges, targetRanges) = (RangeBuckets.For(plan), RangeBuckets.For(plan));
        if (sourceRanges is null || targetRanges is null)
            throw new InvalidOperationException($"{plan.Target}: its ranges cannot be digested in one pass");
        var (source, target) = (new CopyStreamDigester(sourceRanges), new CopyStreamDigester(targetRanges));
        var whole = new ChunkRange { Kind = RangeKind.All, AsOf = plan.Ranges[0].AsOf };
        var rejected = ReadSourceAsync(whole, source.Append, ct);
        await Task.WhenAll(rejected, ReadTargetAsync(whole, target.Append, ct));
        source.Finish(); // a stream cut short throws here
        target.Finish();
        return (sourceRanges.Digests, targetRanges.Digests, await rejected);
    }

    /// <summary>
    /// Streams the source's rows of a range, reshaped by the spec's rules, into <paramref name="reader"/>; returns the rows refused.
    /// </summary>
    public async Task<long> ReadSourceAsync(ChunkRange range, CopySink.Reader reader, CancellationToken ct)
    {
        await using var sink = new CopySink(reader);
        return await ReadSourceAsync(range, sink, ct);
    }

    /// <summary>
    /// Writes the source's rows of a range, reshaped by the spec's rules, to <paramref name="sink"/> as a COPY stream; returns the rows
    /// refused.
    /// </summary>
    public async Task<long> ReadSourceAsync(ChunkRange range, Stream sink, CancellationToken ct)
    {
        range = await ListedAsync(range, ct);
        var store = services.Store(spec);
        var source = services.Source(spec);
        var shapers = ChunkShapers.For(table, plan.Columns, store.Artifacts, services.Connections.PiiSalt(), source.PassesNulCharacters);
        await using var rows = await source.OpenChunkReaderAsync(plan.Source, plan.Read.Columns, plan.Read.Conversions,
            plan.Read.Range(range), plan.Format, ct);
        if (!shapers.Any)
        {
            await rows.CopyToAsync(sink, BufferSize, ct);
            return 0;
        }
        var rejects = new RejectLog(table, plan.Columns);
        await new ChunkReshaper(shapers.Fields, plan.Columns, rejects).RunAsync(rows, sink, ct);
        return rejects.Count;
    }

    /// <summary>Streams the target's rows of a range into <paramref name="reader"/>.</summary>
    public async Task ReadTargetAsync(ChunkRange range, CopySink.Reader reader, CancellationToken ct)
    {
        range = await ListedAsync(range, ct);
        await using var connection = await services.TargetDataSource(spec).OpenConnectionAsync(ct);
        await using var copy = await CopyStreams.OpenCopyOutAsync(connection,
            PgSql.CopyOut(plan.Target, plan.Columns, range, plan.Format, only: !plan.Partitioned), plan.Format, ct);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await copy.ReadAsync(buffer, ct)) > 0) reader(buffer.AsSpan(0, read));
    }

    /// <summary>A range of the sync's changed keys as the keys themselves (read from the target); any other range as it is.</summary>
    Task<ChunkRange> ListedAsync(ChunkRange range, CancellationToken ct) =>
        range.Kind == RangeKind.Changed ? ChangedKeys.ListAsync(Target, migrationId, plan.Target, range, ct) : Task.FromResult(range);

    /// <summary>The target's data source, for the statements a comparison runs beside its reads.</summary>
    public NpgsqlDataSource Target => services.TargetDataSource(spec);
}
