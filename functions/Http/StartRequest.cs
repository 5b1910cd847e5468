using System.Text.Json;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;

namespace Orchestrator.Functions.Http;

/// <summary>A validated request to start a migration: its id and spec.</summary>
public sealed record StartRequest(string MigrationId, MigrationSpec Spec)
{
    /// <summary>
    /// Reads <c>{ "id"?: string, "spec": {...} }</c> or a bare spec. Every problem is a SpecException naming its JSON
    /// path (<c>spec.chunking.rowsPerChunk: ...</c>), which the API answers with 400.
    /// </summary>
    public static StartRequest Read(string body, ConnectionResolver connections, Func<string> newId)
    {
        var (id, parsed, wrapped) = Unwrap(body);
        CheckHost(parsed, wrapped ? "spec." : "");
        connections.EnsureConfigured(parsed);
        var migrationId = id ?? newId();
        CheckId(migrationId);
        return new StartRequest(migrationId, parsed);
    }

    /// <summary>The spec of an assessment request (same body shapes, no id): only the source connection must be configured.</summary>
    public static MigrationSpec ReadAssessment(string body, ConnectionResolver connections)
    {
        var (_, parsed, _) = Unwrap(body);
        connections.EnsureConfigured(parsed, sourceOnly: true);
        return parsed;
    }

    static (string? Id, MigrationSpec Spec, bool Wrapped) Unwrap(string body)
    {
        var root = RequestJson.ParseObject(body, "the spec, or { \"id\", \"spec\" }");

        string? id = null;
        var spec = root;
        var wrapped = root.TryGetProperty("spec", out var inner);
        if (wrapped)
        {
            foreach (var property in root.EnumerateObject())
                if (property.Name is not ("id" or "spec"))
                    throw new SpecException($"{property.Name}: unknown field '{property.Name}' (expected 'id' and 'spec')");
            if (root.TryGetProperty("id", out var idElement))
                id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : throw new SpecException("id: must be a string");
            spec = inner;
        }
        return (id, Parse(spec.GetRawText(), wrapped ? "spec" : null), wrapped);
    }

    public static void CheckId(string id)
    {
        try
        {
            ChunkPaths.CheckMigrationId(id);
        }
        catch (SpecException e)
        {
            // Core words it for the command line (--id); here the id is a field or a route segment.
            throw new SpecException(e.Problems.Select(p => p.StartsWith("--id:", StringComparison.Ordinal) ? "id:" + p[5..] : p).ToList());
        }
    }

    static MigrationSpec Parse(string json, string? prefix)
    {
        try
        {
            return SpecLoader.Parse(json, SourceDialects.Traits, "request body");
        }
        catch (SpecException e) when (prefix is not null)
        {
            throw new SpecException(e.Problems.Select(p => p.StartsWith("(root)", StringComparison.Ordinal) ? prefix + p[6..]
                : $"{prefix}.{p}").ToList());
        }
    }

    // Activities of one migration run on several instances: only a shared staging store works in Azure.
    static void CheckHost(MigrationSpec spec, string prefix)
    {
        if (spec.Staging.Kind != "blob")
            throw new SpecException($"{prefix}staging.kind: the Azure Functions host needs \"blob\" staging (instances share no disk); " +
                "use { \"kind\": \"blob\", \"connection\": \"Staging\", \"container\": \"staging\" }");
    }
}
