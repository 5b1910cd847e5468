using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Validation;

/// <summary>
/// The aggregate query for a PostgreSQL table (source or target): per column the non-null count and, by family,
/// min/max, an exact sum for integers and decimals (floats have none: their sum depends on row order) or total length.
/// </summary>
public static class PostgresAggregateProbe
{
    public static (string Sql, IReadOnlyList<string> Names) Build(TableName table, IReadOnlyList<ColumnInfo> columns, bool only = true)
    {
        var names = new List<string> { "rows" };
        var items = new List<string> { "count(*)" };
        void Add(string name, string expression) { names.Add(name); items.Add(expression); }

        foreach (var column in columns)
        {
            var c = PgSql.Ident(column.Name);
            Add($"{column.Name}.nonnull", $"count({c})");
            switch (column.Family)
            {
                case TypeFamily.Integer or TypeFamily.Decimal:
                    // Exact without a cast: sum(int) is bigint or numeric, sum(numeric) is numeric. Casting every
                    // value to numeric doubled the cost of validation (measured: 1.1 s against 0.4 s for 2M rows).
                    Add($"{column.Name}.min", $"min({c})");
                    Add($"{column.Name}.max", $"max({c})");
                    Add($"{column.Name}.sum", $"sum({c})");
                    break;
                case TypeFamily.Money:
                    Add($"{column.Name}.min", $"min({c})");
                    Add($"{column.Name}.max", $"max({c})");
                    Add($"{column.Name}.sum", $"sum({c}::numeric)"); // sum(money) can overflow where the values do not
                    break;
                case TypeFamily.Float:
                    // No sum: a float sum depends on the order rows are added in, so it cannot be compared exactly;
                    // the digests compare every float bit for bit.
                    Add($"{column.Name}.min", $"min({c})");
                    Add($"{column.Name}.max", $"max({c})");
                    break;
                case TypeFamily.Temporal:
                    Add($"{column.Name}.min", $"min({c})");
                    Add($"{column.Name}.max", $"max({c})");
                    break;
                case TypeFamily.Uuid or TypeFamily.Network:
                    // uuid and macaddr have no min/max aggregates; their text forms order the same way on both sides.
                    Add($"{column.Name}.min", $"min({c}::text COLLATE \"C\")");
                    Add($"{column.Name}.max", $"max({c}::text COLLATE \"C\")");
                    break;
                case TypeFamily.Boolean:
                    Add($"{column.Name}.trues", $"count(*) FILTER (WHERE {c})");
                    break;
                case TypeFamily.Text or TypeFamily.Binary:
                    Add($"{column.Name}.bytes", $"sum(octet_length({c}))");
                    break;
                case TypeFamily.Json:
                    Add($"{column.Name}.bytes", $"sum(octet_length({c}::text))");
                    break;
                case TypeFamily.Xml:
                    // PostgreSQL's xml output (COPY, pg_dump) drops a default <?xml version="1.0"?> declaration that
                    // a cast to text keeps: measure the output form, which is what any copy can carry.
                    Add($"{column.Name}.bytes", $"sum(octet_length(format('%s', {c})))");
                    break;
            }
        }
        var select = string.Join(", ", items.Select(e => $"({e})::text"));
        return ($"SELECT {select} FROM {(only ? "ONLY " : "")}{PgSql.Table(table)}", names);
    }

    public static async Task<TableAggregates> RunAsync(NpgsqlDataSource source, TableName table, IReadOnlyList<ColumnInfo> columns,
        CancellationToken ct, bool only = true)
    {
        var (sql, names) = Build(table, columns, only);
        await using var command = source.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var measures = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
            measures[names[i]] = reader.IsDBNull(i) ? "null" : reader.GetString(i);
        return new TableAggregates(measures);
    }
}
