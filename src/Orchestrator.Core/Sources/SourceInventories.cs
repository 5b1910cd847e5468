using Orchestrator.Core.Assessment;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Sources.Postgres;
using Orchestrator.Core.Sources.SqlServer;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources;

/// <summary>The assessment's reader of each dialect, beside <see cref="SourceDialects"/> and built from the same connection.</summary>
public sealed class SourceInventories(PostgresConnector postgres)
{
    public ISourceInventory Create(SourceSpec source, string connectionString) => source.Dialect switch
    {
        "postgres" => new PostgresInventory(postgres.Get(connectionString)),
        "sqlserver" => new SqlServerInventory(connectionString),
        "oracle" => OracleInventory.Create(connectionString),
        _ => throw new SpecException($"source.dialect: unknown dialect '{source.Dialect}'"),
    };
}
