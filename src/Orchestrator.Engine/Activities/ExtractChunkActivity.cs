using System.Diagnostics;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// Streams a chunk from the source into the staging store: binary COPY bytes are digested and compressed on the
/// way, then the manifest seals the chunk. A sealed chunk is not extracted again.
/// </summary>
public sealed class ExtractChunkActivity(MigrationServices services) : WorkflowActivity<ChunkWork, ExtractResult>
{
    const int BufferSize = 1 << 16;

    public override string Name => ActivityNames.ExtractChunk;

    protected override async Task<ExtractResult> RunAsync(ChunkWork input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.id", input.MigrationId);
        span?.SetTag("migration.table", input.Source.ToString());
        span?.SetTag("migration.chunk", input.Chunk.ChunkId);
        var store = services.Store(input.Spec);
        if (await store.TryGetManifestAsync(input.MigrationId, input.Chunk.ChunkId, ct) is { } sealedManifest)
            return Result(sealedManifest, alreadySealed: true);

        var started = Stopwatch.GetTimestamp();
        var source = services.Source(input.Spec);
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var table = catalog.Find(input.Source)
            ?? throw new InvalidOperationException($"table {input.Source} is not in the migration's catalog");
        var sourceRange = input.Read.Range(input.Chunk.Range);
        var digester = CopyFormats.Digester(input.Format);
        var progress = services.Progress;
        var shapers = ChunkShapers.For(table, input.Columns, store.Artifacts, services.Connections.PiiSalt(), source.PassesNulCharacters);
        RejectLog? rejects = null;
        var (dataObject, raw) = await store.CreateDataAsync(input.MigrationId, input.Chunk.ChunkId, ct);
        var compressed = ChunkCodec.Compress(raw, input.Spec.Staging.CompressionLevel);
        // Committed only once every row is in: a failure of any stage (the source, a rule, the store) abandons the
        // staged object instead, so nothing waits on a store that failed and nothing half-written is kept.
        await using (compressed)
        {
            ActivityPulse.Doing($"reading the chunk's rows from the source into {store.Describe(input.MigrationId)}");
            await using (var reader = await source.OpenChunkReaderAsync(input.Source, input.Read.Columns, input.Read.Conversions,
                             sourceRange, input.Format, ct))
            {
                await using var staged = new DigestingStream(compressed, digester,
                    rows => progress.Extracted(input.Source.ToString(), rows));
                if (shapers.Any)
                {
                    // Rules reshape values on the way (vectors, artifacts, pii, documents): decode, shape, re-encode.
                    rejects = new RejectLog(table, input.Columns);
                    await new ChunkReshaper(shapers.Fields, input.Columns, rejects).RunAsync(reader, staged, ct);
                    await reader.CopyToAsync(Stream.Null, ct); // read to the COPY's end, past its trailer: the source closes clean
                }
                else
                    await reader.CopyToAsync(staged, BufferSize, ct);
            }
            await compressed.CompleteAsync(ct);
        }
        string? rejectsDocument = null;
        if (rejects is { Count: > 0 })
        {
            rejectsDocument = ChunkPaths.Rejects(input.Chunk.ChunkId);
            await store.WriteDocumentAsync(input.MigrationId, rejectsDocument, rejects.Text, ct);
            MigrationTelemetry.Rejects.Add(rejects.Count);
        }
        var query = source.DescribeChunkQuery(input.Source, input.Read.Columns, input.Read.Conversions, sourceRange, input.Format);
        var manifest = Manifest(input, catalog, dataObject, compressed, digester, query, started) with
        {
            Rejects = rejects?.Count ?? 0,
            RejectsDocument = rejectsDocument,
            VectorNorms = shapers.Norms() is { Count: > 0 } norms ? norms : null,
            ArtifactsStored = shapers.ArtifactsStored,
        };
        ActivityPulse.Doing($"sealing the chunk in {store.Describe(input.MigrationId)}");
        await store.SealAsync(manifest, ct);
        MigrationTelemetry.BytesStaged.Add(compressed.CompressedBytes);
        span?.SetTag("migration.rows", manifest.Rows);
        span?.SetTag("migration.bytes", digester.Bytes);
        return Result(manifest, alreadySealed: false);
    }

    /// <summary>The manifest of a chunk staged whole: what it holds, its digest, where it came from.</summary>
    internal static ChunkManifest Manifest(ChunkWork input, SourceCatalog catalog, string dataObject, ChunkWriter compressed,
        IRowStreamDigester digester, string query, long started)
    {
        var table = catalog.Find(input.Source)!;
        var digest = digester.Finish();
        return new ChunkManifest
        {
            MigrationId = input.MigrationId,
            ChunkId = input.Chunk.ChunkId,
            Table = input.Target,
            Range = input.Chunk.Range,
            Columns = input.Columns.Select(c => new ManifestColumn(c, table.Columns.First(col => col.Name == c).DataType)).ToList(),
            DataObject = dataObject,
            Format = input.Format,
            Codec = compressed.Codec,
            Rows = digest.Rows,
            UncompressedBytes = digester.Bytes,
            CompressedBytes = compressed.CompressedBytes,
            Digest = digest.Hex,
            SourcePosition = catalog.Position,
            Query = query,
            ExtractedAtUtc = DateTime.UtcNow,
            ExtractSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
    }

    internal static ExtractResult Result(ChunkManifest m, bool alreadySealed) =>
        new(m.ChunkId, m.Rows, m.UncompressedBytes, m.CompressedBytes, m.Digest, alreadySealed, m.Rejects, m.ArtifactsStored);
}
