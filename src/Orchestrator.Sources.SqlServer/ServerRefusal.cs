namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>Why a server refused a query, as far as an optional probe cares: or None, when the error is anything else.</summary>
public enum ServerRefusal { None, Missing, Denied, Unsupported }
