using Npgsql;
using Orchestrator.Core.Assessment;
using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Assessment.Queries;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.Postgres;

/// <summary>The PostgreSQL answers to the assessment: catalog objects, pg_stat_statements, and profiles from pg_stats or a scan.</summary>
public sealed class PostgresInventory(NpgsqlDataSource source) : ISourceInventory
{
    const string PlanCache = "pg_stat_statements";

    public async Task<IReadOnlyList<SourceObject>> ReadObjectsAsync(CancellationToken ct = default)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        var objects = await ReadObjectsAsync(connection, PostgresInventoryQueries.Objects, ct);
        await using var cron = new NpgsqlCommand("SELECT to_regclass('cron.job') IS NOT NULL", connection);
        if (await cron.ExecuteScalarAsync(ct) is true)
            objects.AddRange(await ReadObjectsAsync(connection, PostgresInventoryQueries.CronJobs, ct));
        return objects;
    }

    static async Task<List<SourceObject>> ReadObjectsAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await SourceObjectRows.ReadAllAsync(command, ct);
    }

    public async Task<HeavyQueryReading> ReadHeavyQueriesAsync(int top, CancellationToken ct = default)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        await using (var installed = new NpgsqlCommand("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'",
            connection))
            if ((long)(await installed.ExecuteScalarAsync(ct))! == 0)
                return HeavyQueryReading.NotAvailable(PlanCache,
                    "pg_stat_statements is not installed in this database (it needs shared_preload_libraries = 'pg_stat_statements' and " +
                    "CREATE EXTENSION pg_stat_statements)");
        var queries = new List<HeavyQuery>();
        try
        {
            // Read ten times more than shown, so AI/ML statements below the top can still be picked out.
            await using var command = new NpgsqlCommand(PostgresInventoryQueries.HeavyQueries(connection.PostgreSqlVersion.Major * 10000),
                connection);
            command.Parameters.Add(new() { Value = (long)top * 10 });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                queries.Add(MlQueryFilter.Query(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2),
                    reader.GetDouble(3), reader.GetInt64(4)));
        }
        catch (PostgresException e)
        {
            return HeavyQueryReading.NotAvailable(PlanCache, $"pg_stat_statements is installed but cannot be read: {e.MessageText}");
        }
        // Without pg_read_all_stats other users' statements read as "<insufficient privilege>".
        var readable = queries.Where(q => !q.Text.Contains("<insufficient privilege>", StringComparison.Ordinal)).ToList();
        if (readable.Count == 0 && queries.Count > 0)
            return HeavyQueryReading.NotAvailable(PlanCache, "the statements' text is not readable by this user (grant pg_read_all_stats)");
        return new HeavyQueryReading(true, PlanCache, null, MlQueryFilter.Select(readable, top));
    }

    public async Task<IReadOnlyList<ColumnProfile>> ProfileAsync(TableInfo table, bool scan, CancellationToken ct = default)
    {
        var (query, from) = PostgresInventoryQueries.Profile(table, scan, ProfileBasis.SampleRows);
        await using var connection = await source.OpenConnectionAsync(ct);
        var statistics = await StatisticsAsync(connection, table.Name, ct);
        IReadOnlyList<ColumnProfile> profiles;
        await using (var command = new NpgsqlCommand(query.Sql(from), connection) { CommandTimeout = 0 })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            profiles = query.Read(reader, scan ? ProfileBasis.Scan : ProfileBasis.Estimate(ProfileBasis.SampleRows, "pg_stats.avg_width"));
        }
        return profiles.Select(p => statistics.TryGetValue(p.Column, out var s) ? p with
        {
            // The scan's own figures win; statistics fill in what a sample cannot say.
            AvgBytes = scan ? p.AvgBytes : s.AvgWidth ?? p.AvgBytes,
            Correlation = p.Correlation ?? s.Correlation,
        } : p).ToList();
    }

    static async Task<Dictionary<string, (double? AvgWidth, double? Correlation)>> StatisticsAsync(NpgsqlConnection connection,
        TableName table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(PostgresInventoryQueries.Statistics, connection);
        command.Parameters.Add(new() { Value = table.Schema });
        command.Parameters.Add(new() { Value = table.Name });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var stats = new Dictionary<string, (double?, double?)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
            stats[reader.GetString(0)] = (reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetFloat(2));
        return stats;
    }
}
