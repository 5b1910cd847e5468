using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core.Serialization;
using Orchestrator.Core.Spec;

namespace Orchestrator.Functions.Durable;

/// <summary>
/// How messages cross Durable boundaries (inputs, outputs, custom status, HTTP bodies): the spec's JSON options, which
/// the embedded host round-trips through too, so both hosts hand activities identical messages. Unindented: every
/// payload is stored in the orchestration history and queue messages over 45 KB spill to blobs.
/// </summary>
public static class DurableJson
{
    public static JsonSerializerOptions Options { get; } = new(SpecLoader.JsonOptions)
    {
        WriteIndented = false,
        // The worker reads the host's own payloads with it too: a timer's TimerInfo arrives with a "Schedule" the
        // isolated type lacks. Specs are checked field by field where they enter (SpecLoader), not here.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static ObjectSerializer Serializer { get; } = new JsonObjectSerializer(Options);

    public static T? Read<T>(string? json) => string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Options);
}
