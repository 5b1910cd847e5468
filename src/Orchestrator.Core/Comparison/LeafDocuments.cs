using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;

namespace Orchestrator.Core.Comparison;

/// <summary>A differing key with its bytes (base64, as both COPY streams carry it), for the recheck and the repair.</summary>
public sealed record KeyedDifference(string KeyBytes, JsonObject Key, DifferenceKind Kind, IReadOnlyList<string>? Columns = null)
{
    public RowDifference Public => new(Key, Kind) { Columns = Columns };
}

/// <summary>
/// A small range whose sides differ, with its differing keys. <see cref="Listed"/> is false when the range could
/// not be narrowed to keys (then only its row counts are known).
/// </summary>
public sealed record Leaf(ChunkRange Range, long SourceRows, long TargetRows, bool Listed, IReadOnlyList<KeyedDifference> Differences);

/// <summary>The documents a comparison keeps in the migration's staging area: its leaves per range, then their recheck.</summary>
public static class LeafDocuments
{
    public static string Found(string compareId, string tableId, int index) => $"compare/{compareId}/{tableId}/r{index:D5}.json";
    public static string Confirmed(string compareId, string tableId, int index)
        => $"compare/{compareId}/{tableId}/r{index:D5}.confirmed.json";
    public static string Report(string compareId) => $"compare/{compareId}/compare.json";
    public static string ReportMarkdown(string compareId) => $"compare/{compareId}/compare.md";
    /// <summary>The latest comparison's report, beside the migration's report.</summary>
    public const string Latest = "compare.json";
    public const string LatestMarkdown = "compare.md";

    /// <summary>Differences by kind over some leaves; a leaf not narrowed to keys counts its larger side's rows as unlisted.</summary>
    public static DifferenceCounts Count(IEnumerable<Leaf> leaves)
        => leaves.Aggregate(new DifferenceCounts(), (sum, leaf) => sum + (leaf.Listed
        ? new DifferenceCounts(Of(leaf, DifferenceKind.Missing), Of(leaf, DifferenceKind.Extra), Of(leaf, DifferenceKind.Different))
        : new DifferenceCounts(Unlisted: Math.Max(leaf.SourceRows, leaf.TargetRows))));

    static long Of(Leaf leaf, DifferenceKind kind) => leaf.Differences.Count(d => d.Kind == kind);

    public static Task WriteAsync(IChunkStore store, string migrationId, string name, IReadOnlyList<Leaf> leaves, CancellationToken ct) =>
        store.WriteDocumentAsync(migrationId, name, JsonSerializer.Serialize(leaves, SpecLoader.JsonOptions), ct);

    public static async Task<IReadOnlyList<Leaf>> ReadAsync(IChunkStore store, string migrationId, string name, CancellationToken ct)
    {
        var json = await store.ReadDocumentAsync(migrationId, name, ct)
            ?? throw new InvalidOperationException($"comparison document {name} is missing from " +
                $"{store.Describe(migrationId)}; run the comparison again");
        return JsonSerializer.Deserialize<List<Leaf>>(json, SpecLoader.JsonOptions)!;
    }
}
