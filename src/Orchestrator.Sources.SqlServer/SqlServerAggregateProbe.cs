using System.Data.Common;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// The measures PostgresAggregateProbe computes on the target, computed by SQL Server and printed the way PostgreSQL
/// prints them. Left out where text equality cannot be had: float sums (PostgreSQL rounds each float to 15 digits
/// before summing as numeric), jsonb byte counts (jsonb re-serialises), and text/xml byte counts before SQL Server
/// 2019 (no UTF-8 collation to measure UTF-8 length with).
/// </summary>
public sealed class SqlServerAggregateProbe
{
    const string Utf8 = "Latin1_General_100_BIN2_UTF8";
    readonly List<(string Name, Func<DbDataReader, int, string> Read)> _measures = [];

    public required string Sql { get; init; }

    public static SqlServerAggregateProbe Build(TableName table, IReadOnlyList<SqlServerColumn> columns, bool utf8Lengths)
    {
        var items = new List<string>();
        var measures = new List<(string, Func<DbDataReader, int, string>)>();
        void Add(string name, string expression, Func<DbDataReader, int, string> read)
        {
            measures.Add((name, read));
            items.Add(expression);
        }
        static string Long(DbDataReader r, int i)
            => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        static string Decimal(DbDataReader r, int i)
            => r is SqlDataReader s ? s.GetSqlDecimal(i).ToString() : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)!;

        Add("rows", "COUNT_BIG(*)", Long);
        foreach (var column in columns)
        {
            var c = SqlServerSql.Ident(column.Name);
            var mapping = SqlServerTypeMapping.Map(column);
            var sourceType = column.SourceType;
            string Text(DbDataReader r, int i) => SqlServerValueText.Of(r.GetValue(i), sourceType);
            Add($"{column.Name}.nonnull", $"COUNT_BIG({c})", Long);
            switch (SqlServerTypeMapping.Family(mapping))
            {
                case TypeFamily.Integer:
                    Add($"{column.Name}.min", $"CAST(MIN({c}) AS bigint)", Long);
                    Add($"{column.Name}.max", $"CAST(MAX({c}) AS bigint)", Long);
                    Add($"{column.Name}.sum", $"SUM(CAST({c} AS decimal(38, 0)))", Decimal);
                    break;
                case TypeFamily.Decimal:
                    var type = $"decimal({Math.Max((int)column.Precision, sourceType == "money" ? 19 : 10)}, {mapping.Scale})";
                    Add($"{column.Name}.min", $"MIN(CAST({c} AS {type}))", Decimal);
                    Add($"{column.Name}.max", $"MAX(CAST({c} AS {type}))", Decimal);
                    Add($"{column.Name}.sum", $"SUM(CAST({c} AS decimal(38, {mapping.Scale})))", Decimal);
                    break;
                case TypeFamily.Float:
                    Add($"{column.Name}.min", $"MIN({c})", Text);
                    Add($"{column.Name}.max", $"MAX({c})", Text);
                    break;
                case TypeFamily.Temporal:
                    Add($"{column.Name}.min", $"MIN({c})", Text);
                    Add($"{column.Name}.max", $"MAX({c})", Text);
                    break;
                case TypeFamily.Uuid:
                    // PostgreSQL compares uuid text in the C collation: lower-case hex, byte order.
                    Add($"{column.Name}.min", $"MIN(LOWER(CONVERT(char(36), {c})) COLLATE Latin1_General_BIN2)", Text);
                    Add($"{column.Name}.max", $"MAX(LOWER(CONVERT(char(36), {c})) COLLATE Latin1_General_BIN2)", Text);
                    break;
                case TypeFamily.Boolean:
                    Add($"{column.Name}.trues", $"COUNT_BIG(CASE WHEN {c} = 1 THEN 1 END)", Long);
                    break;
                case TypeFamily.Binary:
                    Add($"{column.Name}.bytes", $"SUM(CAST(DATALENGTH({c}) AS bigint))", Long);
                    break;
                case TypeFamily.Text or TypeFamily.Xml when utf8Lengths:
                    var value = SqlServerTypeMapping.SelectItems(column)[0];
                    Add($"{column.Name}.bytes",
                        $"SUM(CAST(DATALENGTH(CAST(CAST({value} AS nvarchar(max)) COLLATE {Utf8} AS varchar(max))) AS bigint))", Long);
                    break;
            }
        }
        var probe = new SqlServerAggregateProbe { Sql = $"SELECT {string.Join(", ", items)} FROM {SqlServerSql.Table(table)}" };
        probe._measures.AddRange(measures);
        return probe;
    }

    public IReadOnlyList<string> Names => _measures.Select(m => m.Name).ToList();

    public TableAggregates Read(DbDataReader reader)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _measures.Count; i++)
            values[_measures[i].Name] = reader.IsDBNull(i) ? "null" : _measures[i].Read(reader, i);
        return new TableAggregates(values);
    }
}
