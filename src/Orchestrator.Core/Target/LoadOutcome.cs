using System.Text.Json.Serialization;

namespace Orchestrator.Core.Target;

/// <summary>What loading a chunk did: loaded now, loaded by an earlier attempt (the ledger says so), or refused as corrupt.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoadStatus>))]
public enum LoadStatus { Loaded, AlreadyLoaded, Corrupt }

public sealed record LoadOutcome(LoadStatus Status, long Rows, string? Problem = null);
