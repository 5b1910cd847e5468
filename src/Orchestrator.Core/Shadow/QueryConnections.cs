using System.Data.Common;
using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Sources.Oracle;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shadow;

/// <summary>
/// Connections that run the application's queries: the legacy database through its own ADO.NET provider (Npgsql,
/// SqlClient, or the Oracle provider the host registered), the target through the migration's data source.
/// </summary>
public static class QueryConnections
{
    public static async Task<DbConnection> OpenLegacyAsync(MigrationServices services, MigrationSpec spec, CancellationToken ct)
    {
        var factory = spec.Source.Dialect switch
        {
            "postgres" => (DbProviderFactory)Npgsql.NpgsqlFactory.Instance,
            "sqlserver" => Microsoft.Data.SqlClient.SqlClientFactory.Instance,
            "oracle" => DbProviderFactories.TryGetFactory(OracleSourceDialect.ProviderInvariantName, out var oracle) && oracle is not null
                ? oracle : throw new SpecException(OracleSourceDialect.MissingProvider),
            _ => throw new SpecException($"source.dialect: unknown dialect '{spec.Source.Dialect}'"),
        };
        var connection = factory.CreateConnection()!;
        connection.ConnectionString = services.Connections.Resolve(spec.Source.Connection, "source.connection");
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

    public static async Task<DbConnection> OpenModernAsync(MigrationServices services, MigrationSpec spec, CancellationToken ct) =>
        await services.TargetDataSource(spec).OpenConnectionAsync(ct);

    /// <summary>A command for one run of a query with one parameter set, bound by name in the dialect's way.</summary>
    public static DbCommand Command(DbConnection connection, string dialect, string sql, IReadOnlyDictionary<string, JsonElement> parameters, int timeoutSeconds)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = timeoutSeconds;
        // ODP.NET binds by position unless told otherwise; System.Data.Common has no name for the switch.
        command.GetType().GetProperty("BindByName")?.SetValue(command, true);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = dialect == "sqlserver" ? "@" + name : name;
            parameter.Value = Value(value);
            command.Parameters.Add(parameter);
        }
        return command;
    }

    static object Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number => value.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => DBNull.Value,
    };
}
