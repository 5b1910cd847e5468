using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shadow;

/// <summary>
/// The application's key queries, each in the legacy database's dialect and in PostgreSQL (docs/compare.md):
/// <c>{ "queries": [ { "name", "legacy", "modern", "ordered"?, "parameters"?: [ { "name": value } ], "timeoutSeconds"? } ] }</c>.
/// </summary>
public sealed record ShadowQueries(IReadOnlyList<ShadowQuery> Queries)
{
    static readonly JsonSerializerOptions Options = new(SpecLoader.JsonOptions) { RespectRequiredConstructorParameters = true };

    public static ShadowQueries Load(string path)
    {
        if (!File.Exists(path)) throw new SpecException($"--queries: file '{path}' does not exist");
        return Parse(File.ReadAllText(path), path);
    }

    public static ShadowQueries Parse(string json, string origin = "queries file")
    {
        ShadowQueries? file;
        try
        {
            file = JsonSerializer.Deserialize<ShadowQueries>(json, Options);
        }
        catch (JsonException e)
        {
            var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(root)" : e.Path.TrimStart('$', '.');
            var message = e.Message.Split(" Path:")[0];
            throw new SpecException($"{origin}: {at}: {message}");
        }
        if (file is null) throw new SpecException($"{origin}: the file is empty (null)");
        var problems = Validate(file).Select(p => $"{origin}: {p}").ToList();
        if (problems.Count > 0) throw new SpecException(problems);
        return file;
    }

    static IEnumerable<string> Validate(ShadowQueries file)
    {
        if (file.Queries.Count == 0) yield return "queries: must name at least one query";
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Queries.Count; i++)
        {
            var q = file.Queries[i];
            var at = $"queries[{i}]";
            if (string.IsNullOrWhiteSpace(q.Name)) yield return $"{at}.name: required";
            else if (!names.Add(q.Name)) yield return $"{at}.name: '{q.Name}' is used twice";
            if (string.IsNullOrWhiteSpace(q.Legacy)) yield return $"{at}.legacy: required (the query in the source's dialect)";
            if (string.IsNullOrWhiteSpace(q.Modern)) yield return $"{at}.modern: required (the query in PostgreSQL)";
            if (q.TimeoutSeconds is < 1 or > 3600) yield return $"{at}.timeoutSeconds: must be between 1 and 3600 (got {q.TimeoutSeconds})";
            for (var p = 0; p < q.Parameters.Count; p++)
                foreach (var (name, value) in q.Parameters[p])
                {
                    if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                        yield return $"{at}.parameters[{p}].{name}: a parameter name uses letters, digits and '_' only";
                    if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                        yield return $"{at}.parameters[{p}].{name}: must be a string, number, true, false or null";
                }
        }
    }
}

public sealed record ShadowQuery
{
    public required string Name { get; init; }
    /// <summary>The query as the legacy application sends it, in the source's dialect.</summary>
    public required string Legacy { get; init; }
    /// <summary>The same query for the PostgreSQL target.</summary>
    public required string Modern { get; init; }
    /// <summary>Rows compare in order; otherwise as a multiset.</summary>
    public bool Ordered { get; init; }
    /// <summary>Parameter sets: each run binds one, by name (@name in SQL Server and PostgreSQL text, :name in Oracle's).</summary>
    public IReadOnlyList<Dictionary<string, JsonElement>> Parameters { get; init; } = [];
    public int TimeoutSeconds { get; init; } = 60;

    /// <summary>The parameter sets to run: one empty set when none is given.</summary>
    [JsonIgnore]
    public IReadOnlyList<Dictionary<string, JsonElement>> Sets => Parameters.Count > 0 ? Parameters : [[]];
}
