using System.Data.Common;

namespace Orchestrator.Core.Connections;

/// <summary>Where a connection string points, for messages: server, port and database, never credentials.</summary>
public static class ConnectionLocation
{
    static readonly string[] ServerKeys = ["host", "server", "data source", "address", "addr"];
    static readonly string[] PortKeys = ["port"];
    static readonly string[] DatabaseKeys = ["database", "initial catalog"];

    public static string Describe(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try { builder.ConnectionString = connectionString; }
        catch (ArgumentException) { return "(unparseable connection string)"; }
        string? Find(string[] keys)
            => keys.Select(k => builder.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var server = Find(ServerKeys) ?? "(no server)";
        var port = Find(PortKeys);
        var database = Find(DatabaseKeys);
        return $"{server}{(port is null ? "" : ":" + port)}/{database ?? ""}";
    }
}
