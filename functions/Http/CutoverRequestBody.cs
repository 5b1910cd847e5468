using System.Text.Json;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Sync;

namespace Orchestrator.Functions.Http;

/// <summary>
/// The optional body of POST /api/migrations/{id}/cutover:
/// <c>{ "readOnly"?: bool, "timeoutSeconds"?: 1..86400, "fullCompare"?: bool, "prepare"?: bool }</c>.
/// </summary>
public static class CutoverRequestBody
{
    public static CutoverRequest Read(string body)
    {
        var request = new CutoverRequest();
        if (string.IsNullOrWhiteSpace(body)) return request;
        foreach (var property in RequestJson.ParseObject(body,
            "{ \"readOnly\", \"timeoutSeconds\", \"fullCompare\", \"prepare\" }, or an empty body").EnumerateObject())
            request = property.Name switch
            {
                "readOnly" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    => request with { ReadOnly = property.Value.GetBoolean() },
                "readOnly" => throw new SpecException("readOnly: must be true or false"),
                "timeoutSeconds" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var seconds)
                    => request with { TimeoutSeconds = seconds },
                "fullCompare" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False =>
                    request with { FullCompare = property.Value.GetBoolean() },
                "fullCompare" => throw new SpecException("fullCompare: must be true or false"),
                "prepare" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False =>
                    request with { Prepare = property.Value.GetBoolean() },
                "prepare" => throw new SpecException("prepare: must be true or false"),
                "timeoutSeconds" => throw new SpecException("timeoutSeconds: must be a whole number of seconds between 1 and 86400"),
                _ => throw new SpecException($"{property.Name}: unknown field '{property.Name}' (expected 'readOnly', " +
                    "'timeoutSeconds', 'fullCompare' and 'prepare')"),
            };
        var problems = request.Problems(JsonNamingPolicy.CamelCase.ConvertName);
        return problems.Count == 0 ? request : throw new SpecException(problems);
    }
}
