using System.Data.Common;
using System.Globalization;
using System.Text;
using Orchestrator.Core.Assessment;
using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Assessment.Queries;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// The Oracle answers to the assessment (see <see cref="OracleObjectQueries"/> for the SQL), through the host's provider.
/// </summary>
public sealed class OracleInventory(DbProviderFactory factory, string connectionString) : ISourceInventory
{
    const string PlanCache = "v$sql";

    public static OracleInventory Create(string connectionString) =>
        new(OracleConnections.Factory(), connectionString);

    Task<DbConnection> OpenAsync(CancellationToken ct) => OracleConnections.OpenAsync(factory, connectionString, ct);

    static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] binds) =>
        OracleCommands.Create(connection, new OracleQuery(sql, binds.Select(b => KeyValuePair.Create(b.Name, b.Value)).ToList()));

    public async Task<IReadOnlyList<SourceObject>> ReadObjectsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var text = new Dictionary<(string, string), StringBuilder>();
        await using (var source = Command(connection, OracleObjectQueries.Source))
        await using (var reader = await source.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                (text.TryGetValue(key, out var sb) ? sb : text[key] = new StringBuilder())
                    .Append(reader.IsDBNull(3) ? "" : reader.GetString(3));
            }
        await using (var views = Command(connection, OracleObjectQueries.Views))
        await using (var reader = await views.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                text[(reader.GetString(0), reader.GetString(1))] = new StringBuilder(reader.IsDBNull(2) ? "" : reader.GetString(2));

        var objects = new List<SourceObject>();
        await using (var command = Command(connection, OracleObjectQueries.Objects))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var (schema, name) = (reader.GetString(1), reader.GetString(2));
                var definition = reader.IsDBNull(5) ? text.GetValueOrDefault((schema, name))?.ToString() : reader.GetString(5);
                objects.Add(new SourceObject(reader.GetString(0), schema, name, reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), definition));
            }
        try
        {
            await using var jobs = Command(connection, OracleObjectQueries.Jobs);
            objects.AddRange(await SourceObjectRows.ReadAllAsync(jobs, ct));
        }
        catch (DbException) { /* scheduler views not granted: jobs are not listed */ }
        return objects;
    }

    public async Task<HeavyQueryReading> ReadHeavyQueriesAsync(int top, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var queries = new List<HeavyQuery>();
        try
        {
            await using var command = Command(connection, OracleObjectQueries.HeavyQueries, ("top", top * 10));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                queries.Add(MlQueryFilter.Query(reader.GetString(0), Long(reader, 1), Double(reader, 2),
                    Double(reader, 3), Long(reader, 4)));
        }
        catch (DbException e)
        {
            return HeavyQueryReading.NotAvailable(PlanCache,
                $"V$SQL cannot be read (needs SELECT_CATALOG_ROLE or SELECT ON V_$SQL): {e.Message}");
        }
        return new HeavyQueryReading(true, PlanCache, null, MlQueryFilter.Select(queries, top));
    }

    public async Task<IReadOnlyList<ColumnProfile>> ProfileAsync(TableInfo table, bool scan, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var averages = new Dictionary<string, double>(StringComparer.Ordinal);
        await using (var command = Command(connection, OracleObjectQueries.SourceTypes, ("owner", table.Name.Schema),
            ("name", table.Name.Name)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                types[reader.GetString(0)] = reader.GetString(1);
                if (!reader.IsDBNull(2)) averages[reader.GetString(0)] = Double(reader, 2);
            }
        var (query, from) = OracleObjectQueries.Profile(table, types, scan, ProfileBasis.SampleRows);
        await using var profile = Command(connection, query.Sql(from));
        await using var rows = await profile.ExecuteReaderAsync(ct);
        await rows.ReadAsync(ct);
        var profiles = query.Read(rows,
            scan ? ProfileBasis.Scan : ProfileBasis.Estimate(ProfileBasis.SampleRows, "ALL_TAB_COLUMNS.AVG_COL_LEN"));
        return scan ? profiles : profiles.Select(p => averages.TryGetValue(p.Column, out var avg) ? p with { AvgBytes = avg } : p).ToList();
    }

    static long Long(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
    static double Double(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);
}
