using Npgsql;

namespace Orchestrator.Core.Target;

/// <summary>The one wording of a database failure for people: PostgreSQL's code, message and where it happened.</summary>
public static class DatabaseErrors
{
    public static string Describe(Exception e) => e switch
    {
        PostgresException pg => $"PostgreSQL error {pg.SqlState}: {pg.MessageText}" +
            (pg.TableName is { } table ? $" (table {pg.SchemaName}.{table}{(pg.ColumnName is { } c ? $", column {c}" : "")})"
                : pg.ColumnName is { } column ? $" (column {column})" : "") +
            (pg.Where is { } where ? $" [{where}]" : ""),
        _ => e.Message,
    };
}
