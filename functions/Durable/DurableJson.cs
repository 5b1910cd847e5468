using System.Text.Json;
using Azure.Core.Serialization;
using Orchestrator.Core.Spec;

namespace Orchestrator.Functions.Durable;

/// <summary>
/// How messages cross Durable boundaries (inputs, outputs, custom status, HTTP bodies): the same JSON options the
/// embedded host round-trips through, so both hosts hand activities identical messages.
/// </summary>
public static class DurableJson
{
    public static JsonSerializerOptions Options => SpecLoader.JsonOptions;

    public static ObjectSerializer Serializer { get; } = new JsonObjectSerializer(SpecLoader.JsonOptions);

    public static T? Read<T>(string? json) => string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Options);
}
