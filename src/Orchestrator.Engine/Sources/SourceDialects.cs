using Orchestrator.Core.Assessment;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Sources.Postgres;
using Orchestrator.Core.Sources.SqlServer;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources;

/// <summary>
/// The registry of source dialects by the name a spec uses: what each is known to allow (its traits), the dialect that
/// moves the data, the inventory the assessment reads, the change capture sync reads. The one place that names them.
/// </summary>
public sealed class SourceDialects(PostgresConnector postgres)
{
    /// <summary>Each dialect's traits by its name, for the code that has no connection open (spec checks, naming, reports).</summary>
    public static IReadOnlyDictionary<string, SourceTraits> Traits { get; } =
        new[] { PostgresTraits.Instance, SqlServerTraits.Instance, OracleTraits.Instance }.ToDictionary(t => t.Dialect);

    /// <summary>The traits of the spec's source dialect.</summary>
    public static SourceTraits TraitsOf(SourceSpec source)
        => Traits.TryGetValue(source.Dialect, out var traits) ? traits : throw Unknown(source);

    public ISourceDialect Create(SourceSpec source, string connectionString) => source.Dialect switch
    {
        "postgres" => new PostgresSourceDialect(postgres.Get(connectionString)),
        "sqlserver" => new SqlServerSourceDialect(connectionString,
            source.NulCharacters switch { "strip" => NulPolicy.Strip, "reject" => NulPolicy.Reject, _ => NulPolicy.Fail }),
        // Oracle's provider comes from the host (DbProviderFactories); without it this names the missing package.
        "oracle" => OracleSourceDialect.Create(connectionString, new OracleMappingOptions { Raw16AsUuid = source.Raw16AsUuid }),
        _ => throw Unknown(source),
    };

    /// <summary>The assessment's reader of the same source, built from the same connection.</summary>
    public ISourceInventory Inventory(SourceSpec source, string connectionString) => source.Dialect switch
    {
        "postgres" => new PostgresInventory(postgres.Get(connectionString)),
        "sqlserver" => new SqlServerInventory(connectionString),
        "oracle" => OracleInventory.Create(connectionString),
        _ => throw Unknown(source),
    };

    /// <summary>The dialect's change capture (sync), over the same connection.</summary>
    public Sync.IChangeCapture Changes(SourceSpec source, string connectionString) => source.Dialect switch
    {
        "postgres" => new Postgres.Changes.PostgresChangeCapture(postgres.Get(connectionString), connectionString),
        "sqlserver" => new SqlServer.Changes.SqlServerChangeCapture(connectionString),
        "oracle" => Oracle.Changes.OracleChangeCapture.Create(connectionString),
        _ => throw new Sync.SyncRefusedException($"sync: change capture from {source.Dialect} is not available"),
    };

    static SpecException Unknown(SourceSpec source) => new($"source.dialect: unknown dialect '{source.Dialect}'");
}
