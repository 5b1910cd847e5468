using System.Text.Json;
using Orchestrator.Core.Spec;

namespace Orchestrator.Functions.Http;

/// <summary>The optional body of POST /api/migrations/{id}/compare: <c>{ "tables"?: "glob", "repair"?: bool }</c>.</summary>
public sealed record CompareRequest(string? Tables, bool Repair)
{
    public static CompareRequest Read(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return new CompareRequest(null, false);
        var root = RequestJson.ParseObject(body, "{ \"tables\", \"repair\" }, or an empty body");
        string? tables = null;
        var repair = false;
        foreach (var property in root.EnumerateObject())
            switch (property.Name)
            {
                case "tables" when property.Value.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(property.Value.GetString()):
                    tables = property.Value.GetString();
                    break;
                case "tables": throw new SpecException("tables: must be a schema.table glob, for example \"sales.*\"");
                case "repair" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    repair = property.Value.GetBoolean();
                    break;
                case "repair": throw new SpecException("repair: must be true or false");
                default: throw new SpecException($"{property.Name}: unknown field '{property.Name}' (expected 'tables' and 'repair')");
            }
        return new CompareRequest(tables, repair);
    }
}
