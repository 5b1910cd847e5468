using System.Diagnostics;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Extraction;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// Consecutive key-range chunks of a table read by one sequential read (<see cref="TablePlan.ReadInOnePass"/>): each
/// row goes to its chunk's staged object on the way (<see cref="CopySplitter"/>), digested and compressed as by
/// <see cref="ExtractChunkActivity"/>, and every chunk is sealed once the read has ended. Chunks already sealed are
/// passed over, and the source is not read at all when every chunk is.
/// </summary>
public sealed class ExtractChunksActivity(MigrationServices services) : WorkflowActivity<ChunksWork, IReadOnlyList<ExtractResult>>
{
    public override string Name => ActivityNames.ExtractChunks;

    protected override async Task<IReadOnlyList<ExtractResult>> RunAsync(ChunksWork input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.id", input.MigrationId);
        span?.SetTag("migration.table", input.Source.ToString());
        span?.SetTag("migration.chunks", input.Chunks.Count);
        var store = services.Store(input.Spec);
        var results = new ExtractResult?[input.Chunks.Count];
        for (var i = 0; i < results.Length; i++)
            if (await store.TryGetManifestAsync(input.MigrationId, input.Chunks[i].ChunkId, ct) is { } sealedManifest)
                results[i] = ExtractChunkActivity.Result(sealedManifest, alreadySealed: true);
        if (results.All(r => r is not null)) return results!;

        var started = Stopwatch.GetTimestamp();
        var source = services.Source(input.Spec);
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        _ = catalog.Find(input.Source) ?? throw new InvalidOperationException($"table {input.Source} is not in the migration's catalog");
        var outputs = new ChunkOutput?[results.Length];
        try
        {
            for (var i = 0; i < results.Length; i++)
                if (results[i] is null) outputs[i] = await ChunkOutput.CreateAsync(services, input, input.Chunks[i], ct);
            await ReadAsync(source, input, outputs, ct);
            foreach (var output in outputs) if (output is not null) await output.Compressed.CompleteAsync(ct);
        }
        finally
        {
            // A chunk not completed is abandoned, so nothing half-written is kept.
            foreach (var output in outputs) if (output is not null) await output.Compressed.DisposeAsync();
        }

        var whole = source.DescribeChunkQuery(input.Source, input.Read.Columns, input.Read.Conversions, ChunkRange.All, input.Format);
        ActivityPulse.Doing($"sealing {outputs.Count(o => o is not null)} chunk(s) in {store.Describe(input.MigrationId)}");
        for (var i = 0; i < results.Length; i++)
        {
            if (outputs[i] is not { } output) continue;
            var work = input.Chunk(input.Chunks[i]);
            var range = input.Read.Range(work.Chunk.Range);
            var query = $"{whole}, rows sent to this chunk by {range} (one read of {input.Chunks.Count} chunks)";
            var manifest = ExtractChunkActivity.Manifest(work, catalog, output.DataObject, output.Compressed, output.Digester,
                query, started);
            await store.SealAsync(manifest, ct);
            MigrationTelemetry.BytesStaged.Add(output.Compressed.CompressedBytes);
            results[i] = ExtractChunkActivity.Result(manifest, alreadySealed: false);
        }
        // What this read staged, as ExtractChunk's spans tag it (chunks sealed before are not counted again).
        span?.SetTag("migration.rows", results.Where(r => !r!.AlreadySealed).Sum(r => r!.Rows));
        span?.SetTag("migration.bytes", results.Where(r => !r!.AlreadySealed).Sum(r => r!.Bytes));
        return results!;
    }

    static async Task ReadAsync(ISourceDialect source, ChunksWork input, ChunkOutput?[] outputs, CancellationToken ct)
    {
        var key = input.Chunks[0].Range.KeyColumns[0];
        var keyField = input.Columns.ToList().IndexOf(key);
        if (keyField < 0) throw new InvalidOperationException($"the key column {key} of {input.Source} is not among the columns read");
        var splitter = new CopySplitter(keyField, new KeyRanges(input.Chunks.Select(c => c.Range).ToList()),
            outputs.Select(o => o?.Sink).ToList());
        ActivityPulse.Doing($"reading the table's rows from the source once, into {outputs.Count(o => o is not null)} chunk(s)");
        await using var reader = await source.OpenChunkReaderAsync(input.Source, input.Read.Columns, input.Read.Conversions,
            ChunkRange.All, input.Format, ct);
        await splitter.RunAsync(reader, ct);
        await reader.CopyToAsync(Stream.Null, ct); // past the COPY's trailer: the source closes clean
    }

    /// <summary>One chunk being staged: its object, compression, digest, and the splitter's sink into them.</summary>
    sealed class ChunkOutput(string dataObject, ChunkWriter compressed, IRowStreamDigester digester, CopySink sink)
    {
        public string DataObject => dataObject;
        public ChunkWriter Compressed => compressed;
        public IRowStreamDigester Digester => digester;
        public CopySink Sink => sink;

        public static async Task<ChunkOutput> CreateAsync(MigrationServices services, ChunksWork input, ChunkPlan chunk,
            CancellationToken ct)
        {
            var (dataObject, raw) = await services.Store(input.Spec).CreateDataAsync(input.MigrationId, chunk.ChunkId, ct);
            var compressed = ChunkCodec.Compress(raw, input.Spec.Staging.CompressionLevel);
            var digester = CopyFormats.Digester(input.Format);
            var table = input.Source.ToString();
            var progress = services.Progress;
            var staged = new DigestingStream(compressed, digester, rows => progress.Extracted(table, rows));
            return new ChunkOutput(dataObject, compressed, digester, new CopySink(staged));
        }
    }
}
