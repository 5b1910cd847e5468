using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Validation;

/// <summary>
/// Measures a vector index on the target once it is built: query vectors sampled from the migrated column are searched
/// exactly (sequential scan) and through the index at pgvector's default setting, then at larger ones until the spec's
/// recall target is reached. Recall@K counts an index result as found when it is no farther than the exact K-th
/// neighbour, so rows tied at the same distance count alike. Nothing is written; only the sampled queries are held.
/// </summary>
public static class VectorSearchProbe
{
    public const int K = 10;
    /// <summary>pgvector's default ef_search (40) first, then doubling up to its maximum (1000).</summary>
    static readonly int[] EfSearch = [40, 80, 160, 320, 640, 1000];

    public static async Task<VectorSearchQuality> MeasureAsync(NpgsqlDataSource target, TableInfo table, ColumnInfo column, VectorRule rule,
        CancellationToken ct = default)
    {
        var ivfflat = rule.Index == "ivfflat";
        var quality = new VectorSearchQuality(column.Name, rule.Index, rule.Distance, ivfflat ? "ivfflat.probes" : "hnsw.ef_search")
        {
            RecallTarget = rule.RecallTarget,
            K = K,
        };
        var (name, op) = (PgSql.Ident(column.Name), rule.Distance switch { "l2" => "<->", "ip" => "<#>", _ => "<=>" });
        var search = $"SELECT {name} {op} $1::{column.DataType} FROM {PgSql.Table(table.Name)} WHERE {name} IS NOT NULL " +
            $"ORDER BY {name} {op} $1::{column.DataType} LIMIT {K}";
        await using var connection = await target.OpenConnectionAsync(ct);
        // An exact search of a large table says nothing until it ends: the server says it is working.
        using var watch = ServerProgress.Watch(target, connection,
            $"measuring the {rule.Index} index of {table.Name}.{column.Name} against exact search");
        try
        {
            var queries = await SampleAsync(connection, table.Name, name, rule.RecallQueries, ct);
            if (queries.Count == 0) return quality with { Problem = "the column holds no vectors" };
            if (!await UsesIndexAsync(connection, search, queries[0], ct))
                return quality with { Problem = $"the planner does not use the {rule.Index} index for ORDER BY " +
                    $"{column.Name} {op} ... LIMIT {K}" };

            var exact = await RunAsync(connection, search, queries, [("enable_indexscan", "off"), ("enable_bitmapscan", "off")], ct);
            var settings = new List<SearchSetting>();
            int? suggested = null;
            foreach (var value in ivfflat ? Probes(Lists(table, column)) : EfSearch)
            {
                var found = await RunAsync(connection, search, queries,
                    [("enable_seqscan", "off"), (quality.Parameter, value.ToString(CultureInfo.InvariantCulture))], ct);
                var recall = exact.Distances.Zip(found.Distances, Recall).Average();
                settings.Add(new SearchSetting(value, recall, Median(found.Milliseconds)));
                if (recall >= rule.RecallTarget) { suggested = value; break; }
            }
            return quality with { Queries = queries.Count, ExactMsP50 = Median(exact.Milliseconds), Settings = settings,
                Suggested = suggested };
        }
        catch (PostgresException refused)
        {
            return quality with { Problem = $"{refused.SqlState}: {refused.MessageText}" };
        }
    }

    /// <summary>Up to <paramref name="count"/> vectors of the column, a repeatable random sample, as pgvector text.</summary>
    static async Task<List<string>> SampleAsync(NpgsqlConnection connection, TableName table, string column,
        int count, CancellationToken ct)
    {
        await using var estimate = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE oid = to_regclass($1)", connection);
        estimate.Parameters.Add(new() { Value = PgSql.Table(table) });
        var rows = Convert.ToDouble(await estimate.ExecuteScalarAsync(ct) ?? 0.0, CultureInfo.InvariantCulture);
        // Four times the rows wanted, so that NULLs and the sample's spread still leave enough.
        var percent = rows > 0 ? Math.Clamp(400.0 * count / rows, 0.0001, 100) : 100;
        var sql = string.Create(CultureInfo.InvariantCulture,
            $"SELECT {column}::text FROM {PgSql.Table(table)} TABLESAMPLE BERNOULLI ({percent:R}) REPEATABLE (17) WHERE " +
            $"{column} IS NOT NULL LIMIT {count}");
        var sample = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) sample.Add(reader.GetString(0));
        return sample;
    }

    static async Task<bool> UsesIndexAsync(NpgsqlConnection connection, string search, string query, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await SetAsync(connection, tx, "enable_seqscan", "off", ct);
        await using var command = new NpgsqlCommand("EXPLAIN " + search, connection, tx);
        command.Parameters.Add(new() { Value = query });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var plan = new List<string>();
        while (await reader.ReadAsync(ct)) plan.Add(reader.GetString(0));
        return plan.Any(line => line.Contains("Index Scan using ", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every query under the given settings (local to one read-only transaction): the distances found and the time each took.
    /// </summary>
    static async Task<(List<double[]> Distances, List<double> Milliseconds)> RunAsync(NpgsqlConnection connection, string search,
        IReadOnlyList<string> queries, IReadOnlyList<(string Name, string Value)> settings, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        foreach (var (name, value) in settings) await SetAsync(connection, tx, name, value, ct);
        await using var command = new NpgsqlCommand(search, connection, tx);
        var parameter = command.Parameters.Add(new NpgsqlParameter { Value = queries[0] });
        await command.PrepareAsync(ct);
        var (distances, times) = (new List<double[]>(), new List<double>());
        foreach (var query in queries)
        {
            parameter.Value = query;
            var clock = Stopwatch.StartNew();
            var found = new List<double>(K);
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) found.Add(reader.GetDouble(0));
            times.Add(clock.Elapsed.TotalMilliseconds);
            distances.Add([.. found]);
        }
        await tx.RollbackAsync(ct);
        return (distances, times);
    }

    static async Task SetAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string name, string value, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT set_config($1, $2, true)", connection, tx);
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = value });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The share of the exact K nearest that the index found: its results no farther than the exact K-th.</summary>
    internal static double Recall(double[] exact, double[] found)
    {
        if (exact.Length == 0) return 1;
        var kth = exact[^1];
        var hits = found.Count(d => d <= kth + 1e-12 * Math.Max(1, Math.Abs(kth)));
        return Math.Min(hits, exact.Length) / (double)exact.Length;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>pgvector's default probes (1), then doubling, up to the index's lists (where the search becomes exact).</summary>
    internal static IReadOnlyList<int> Probes(int lists)
    {
        var values = new List<int>();
        for (var p = 1; p < lists; p *= 2) values.Add(p);
        values.Add(Math.Max(lists, 1));
        return values;
    }

    /// <summary>The lists of the column's IVFFlat index as the catalog built it; pgvector's default (100) when it names none.</summary>
    static int Lists(TableInfo table, ColumnInfo column)
    {
        var index = table.Indexes.FirstOrDefault(i => i.Method == "ivfflat" && i.Keys.Count > 0 && i.Keys[0].Column == column.Name);
        var lists = index?.Parameters.FirstOrDefault(p => p.StartsWith("lists=", StringComparison.Ordinal));
        return lists is null ? 100 : int.Parse(lists["lists=".Length..], CultureInfo.InvariantCulture);
    }
}
