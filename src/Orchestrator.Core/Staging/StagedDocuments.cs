using System.Text.Json;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Staging;

/// <summary>
/// Reads what a migration staged for its later runs (its catalog, its plan, its chunks' manifests), each of which
/// carries the version of its shape. A document of another version is refused before it is read: this release would
/// misread its shape, and a resume built on a misread catalog or plan could lose or repeat rows.
/// </summary>
public static class StagedDocuments
{
    public static SourceCatalog Catalog(string json, string where) =>
        Read<SourceCatalog>(json, where, "catalog", SourceCatalog.CurrentVersion);

    public static MigrationPlan Plan(string json, string where) =>
        Read<MigrationPlan>(json, where, "plan", MigrationPlan.CurrentVersion);

    public static ChunkManifest Manifest(string json, string where) =>
        Read<ChunkManifest>(json, where, "chunk manifest", ChunkManifest.CurrentVersion);

    /// <summary>Where a migration's document is, for messages: its store's location and the document's name.</summary>
    public static string Where(IChunkStore store, string migrationId, string name) => $"{store.Describe(migrationId)}/{name}";

    static T Read<T>(string json, string where, string kind, int expected)
    {
        var found = VersionOf(json, where);
        if (found != expected) throw new StagedVersionException(where, kind, found, expected);
        return JsonSerializer.Deserialize<T>(json, SpecLoader.JsonOptions)
            ?? throw new InvalidDataException($"{where} holds no {kind} (the JSON is null)");
    }

    static int? VersionOf(string json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("version", out var version) && version.TryGetInt32(out var number)
                ? number : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where} is not valid JSON ({e.Message})", e);
        }
    }
}
