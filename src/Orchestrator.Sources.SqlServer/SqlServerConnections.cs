using Microsoft.Data.SqlClient;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>The one way the SQL Server dialect, its inventory and its change capture open a connection.</summary>
public static class SqlServerConnections
{
    /// <summary>An open connection; one that fails to open is disposed, not left to the pool's finalizer.</summary>
    public static async Task<SqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqlConnection(connectionString);
        try { await connection.OpenAsync(ct); return connection; }
        catch { await connection.DisposeAsync(); throw; }
    }
}
