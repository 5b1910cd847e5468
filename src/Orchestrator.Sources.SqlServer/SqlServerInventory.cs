using Microsoft.Data.SqlClient;
using Orchestrator.Core.Assessment;
using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Assessment.Queries;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>The SQL Server answers to the assessment (see <see cref="SqlServerObjectQueries"/> for the SQL).</summary>
public sealed class SqlServerInventory(string connectionString) : ISourceInventory
{
    const string PlanCache = "sys.dm_exec_query_stats";
    readonly SqlServerProbeLog _probes = new();

    public IReadOnlyList<UnavailableProbe> UnavailableProbes => _probes.Unavailable;

    Task<SqlConnection> OpenAsync(CancellationToken ct) => SqlServerConnections.OpenAsync(connectionString, ct);

    public async Task<IReadOnlyList<SourceObject>> ReadObjectsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var objects = await ReadAsync(connection, SqlServerObjectQueries.Objects, ct);
        // No access to msdb (Azure SQL Database has none): jobs are not listed.
        objects.AddRange(await _probes.RunAsync(SqlServerProbes.AgentJobs,
            () => ReadAsync(connection, SqlServerObjectQueries.Jobs, ct), []));
        return objects;
    }

    static async Task<List<SourceObject>> ReadAsync(SqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        return await SourceObjectRows.ReadAllAsync(command, ct);
    }

    public async Task<HeavyQueryReading> ReadHeavyQueriesAsync(int top, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var queries = await _probes.RunAsync(SqlServerProbes.HeavyQueries, async () =>
        {
            var read = new List<HeavyQuery>();
            await using var command = new SqlCommand(SqlServerObjectQueries.HeavyQueries, connection);
            command.Parameters.AddWithValue("@top", top * 10);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                read.Add(MlQueryFilter.Query(reader.GetString(0), reader.GetInt64(1), (double)reader.GetDecimal(2),
                    reader.IsDBNull(3) ? 0 : (double)reader.GetDecimal(3), reader.GetInt64(4)));
            return read;
        }, null);
        if (queries is null)
            return HeavyQueryReading.NotAvailable(PlanCache, $"the plan cache cannot be read (needs VIEW SERVER STATE): " +
                _probes.Unavailable.First(p => p.Probe == SqlServerProbes.HeavyQueries.Name).ServerMessage);
        return new HeavyQueryReading(true, PlanCache, null, MlQueryFilter.Select(queries, top));
    }

    public async Task<IReadOnlyList<ColumnProfile>> ProfileAsync(TableInfo table, bool scan, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = new SqlCommand(SqlServerObjectQueries.SourceTypes, connection))
        {
            command.Parameters.AddWithValue("@table", SqlServerSql.Table(table.Name));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) types[reader.GetString(0)] = reader.GetString(1);
        }
        var (query, from) = SqlServerObjectQueries.Profile(table, types, scan, ProfileBasis.SampleRows);
        await using var profile = new SqlCommand(query.Sql(from), connection) { CommandTimeout = 0 };
        await using var rows = await profile.ExecuteReaderAsync(ct);
        await rows.ReadAsync(ct);
        return query.Read(rows,
            scan ? ProfileBasis.Scan : ProfileBasis.Estimate(ProfileBasis.SampleRows, "no column statistics in SQL Server"));
    }
}
