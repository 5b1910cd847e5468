using System.Data.Common;
using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shadow;

/// <summary>
/// Connections that run the application's queries: the legacy database through its source dialect (the provider and
/// connection the migration reads with), the target through the migration's data source.
/// </summary>
public static class QueryConnections
{
    public static Task<DbConnection> OpenLegacyAsync(MigrationServices services, MigrationSpec spec, CancellationToken ct) =>
        services.Source(spec).OpenConnectionAsync(ct);

    public static async Task<DbConnection> OpenModernAsync(MigrationServices services, MigrationSpec spec, CancellationToken ct) =>
        await services.TargetDataSource(spec).OpenConnectionAsync(ct);

    /// <summary>A command for one run of a query with one parameter set, bound by name in the dialect's way.</summary>
    public static DbCommand Command(DbConnection connection, string parameterPrefix, string sql,
        IReadOnlyDictionary<string, JsonElement> parameters, int timeoutSeconds)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = timeoutSeconds;
        // ODP.NET binds by position unless told otherwise; System.Data.Common has no name for the switch.
        command.GetType().GetProperty("BindByName")?.SetValue(command, true);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = parameterPrefix + name;
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
