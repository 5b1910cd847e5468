using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using Orchestrator.Core.Spec;

namespace Orchestrator.Functions.Http;

/// <summary>A request body as a JSON object, comments and trailing commas allowed; anything else is a 400 naming the root.</summary>
public static class RequestJson
{
    /// <summary>The request's body as text; read once, so the reader closes it.</summary>
    public static async Task<string> ReadBodyAsync(HttpRequestData request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(ct);
    }

    /// <param name="expected">What the object should hold, for the message: "the spec, or { \"id\", \"spec\" }".</param>
    public static JsonElement ParseObject(string body, string expected)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body,
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SpecException($"(root): the request body is not JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object) throw new SpecException($"(root): the request body must be a JSON object ({expected})");
        return root;
    }
}
