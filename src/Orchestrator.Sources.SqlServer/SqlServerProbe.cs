using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>An optional question to the source: what it reads, the grant it needs, and what happens without an answer.</summary>
public sealed record SqlServerProbe(string Name, string Reads, string Grant, string Fallback)
{
    public UnavailableProbe Unavailable(int number, string message, string? table = null) =>
        new(Name, Reads, Grant, Fallback, number, message) { Tables = table is null ? [] : [table] };
}
