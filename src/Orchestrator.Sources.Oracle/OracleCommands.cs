using System.Data.Common;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>Commands through System.Data.Common only: the Oracle provider is whatever the host registered.</summary>
static class OracleCommands
{
    public static DbCommand Create(DbConnection connection, OracleQuery query)
    {
        var command = connection.CreateCommand();
        command.CommandText = query.Sql;
        // Long migrations, LOB reads and flashback scans outlast the provider's default timeout; cancellation is ours.
        command.CommandTimeout = 0;
        // ODP.NET returns LONG columns (DATA_DEFAULT, COLUMN_EXPRESSION) only when told how much to fetch; -1 is all.
        // Set by name: Core sees the provider only through System.Data.Common.
        command.GetType().GetProperty("InitialLONGFetchSize")?.SetValue(command, -1);
        foreach (var (name, value) in query.Binds)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
