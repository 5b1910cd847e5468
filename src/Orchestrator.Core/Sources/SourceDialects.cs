using Orchestrator.Core.Sources.Postgres;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources;

/// <summary>The registry of source dialects by the name a spec uses.</summary>
public sealed class SourceDialects(PostgresConnector postgres)
{
    public ISourceDialect Create(string dialect, string connectionString) => dialect switch
    {
        "postgres" => new PostgresSourceDialect(postgres.Get(connectionString)),
        "sqlserver" or "oracle" => throw new NotSupportedException(
            $"source.dialect: '{dialect}' sources are not available in this build yet; use postgres"),
        _ => throw new Spec.SpecException($"source.dialect: unknown dialect '{dialect}'"),
    };
}
