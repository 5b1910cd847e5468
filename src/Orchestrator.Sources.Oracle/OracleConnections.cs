using System.Data.Common;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// The one way the Oracle dialect, its inventory and its change capture find the provider the host registered
/// (this project depends on System.Data.Common only) and open a connection through it.
/// </summary>
public static class OracleConnections
{
    /// <summary>
    /// The Oracle provider (registered here when the host carries ODP.NET, so no host registers it itself), or a spec
    /// error naming the package when there is none.
    /// </summary>
    public static DbProviderFactory Factory() =>
        OracleProvider.TryRegister()
            && DbProviderFactories.TryGetFactory(OracleSourceDialect.ProviderInvariantName, out var factory) && factory is not null
            ? factory
            : throw new Spec.SpecException(OracleSourceDialect.MissingProvider);

    /// <summary>An open connection; one that fails to open is disposed.</summary>
    public static async Task<DbConnection> OpenAsync(DbProviderFactory factory, string connectionString, CancellationToken ct)
    {
        var connection = factory.CreateConnection()
            ?? throw new InvalidOperationException($"{OracleSourceDialect.ProviderInvariantName} returned no connection");
        connection.ConnectionString = connectionString;
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
