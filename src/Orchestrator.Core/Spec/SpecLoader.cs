using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Spec;

/// <summary>Reads a spec from JSON: unknown fields and invalid values are errors that name the JSON path.</summary>
public static class SpecLoader
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        WriteIndented = true,
    };

    public static MigrationSpec LoadFile(string path, IReadOnlyDictionary<string, Sources.SourceTraits> dialects)
    {
        if (!File.Exists(path)) throw new SpecException($"spec file '{path}' does not exist");
        return Parse(File.ReadAllText(path), dialects, path);
    }

    /// <param name="dialects">What each source dialect is known to allow, by its name (the engine's SourceDialects.Traits).</param>
    public static MigrationSpec Parse(string json, IReadOnlyDictionary<string, Sources.SourceTraits> dialects, string origin = "spec")
    {
        MigrationSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<MigrationSpec>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new SpecException(Describe(e, origin));
        }
        if (spec is null) throw new SpecException($"{origin}: the spec is empty (null)");
        var problems = SpecValidator.Validate(spec, dialects);
        if (problems.Count > 0) throw new SpecException(problems);
        return spec;
    }

    public static string ToJson(MigrationSpec spec) => JsonSerializer.Serialize(spec, JsonOptions);

    // System.Text.Json reports "$.chunking.rowsPerChunk"; users read "chunking.rowsPerChunk".
    static string Describe(JsonException e, string origin)
    {
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(root)" : e.Path.TrimStart('$', '.');
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var start = message.IndexOf('\'') + 1;
            var field = message[start..message.IndexOf('\'', start)];
            var at = path.EndsWith(field, StringComparison.Ordinal) ? path : Join(path, field);
            return $"{at}: unknown field '{field}'";
        }
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = message[(message.IndexOf("including:", StringComparison.Ordinal) + 10)..].Trim().TrimEnd('.');
            return $"{path}: missing required field {names}";
        }
        if (e.LineNumber is { } line)
            return $"{path}: {message.TrimEnd('.')} ({origin} line {line + 1}, position {e.BytePositionInLine})";
        return $"{path}: {message}";
    }

    static string Join(string path, string field) => path == "(root)" ? field : $"{path}.{field}";
}
