using System.Data.Common;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Registers ODP.NET (Oracle.ManagedDataAccess.Core) with DbProviderFactories when the host was built with it
/// (`-p:WithOracle=true`); this project never references the package, which this build machine cannot restore.
/// <see cref="OracleConnections.Factory"/> calls it before the first connection.
/// </summary>
public static class OracleProvider
{
    const string FactoryType = "Oracle.ManagedDataAccess.Client.OracleClientFactory, Oracle.ManagedDataAccess";

    /// <summary>True when the provider is now registered (or already was).</summary>
    public static bool TryRegister()
    {
        if (DbProviderFactories.TryGetFactory(OracleSourceDialect.ProviderInvariantName, out _)) return true;
        if (Type.GetType(FactoryType, throwOnError: false) is null) return false;
        DbProviderFactories.RegisterFactory(OracleSourceDialect.ProviderInvariantName, FactoryType);
        return true;
    }
}
