using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shadow;

/// <summary>
/// Runs each key query on both sides: once per parameter set to compare results (the modern side first, so legacy
/// values convert to its types), then the warm-up, then the measured runs, alternating which side goes first and
/// cycling the parameter sets. Each side keeps one connection, as an application's pool would.
/// </summary>
public sealed class ShadowRunner(MigrationServices services, MigrationSpec spec)
{
    public async Task<ShadowReport> RunAsync(ShadowQueries queries, int runs, Action<QueryReport>? done = null,
        CancellationToken ct = default)
    {
        var started = DateTime.UtcNow;
        await using var legacy = await QueryConnections.OpenLegacyAsync(services, spec, ct);
        await using var modern = await QueryConnections.OpenModernAsync(services, spec, ct);
        var reports = new List<QueryReport>();
        foreach (var query in queries.Queries)
        {
            // The modern side is PostgreSQL through Npgsql, bound as a PostgreSQL source is.
            reports.Add(await QueryAsync(new Side("legacy", legacy, SourceDialects.TraitsOf(spec.Source).ParameterPrefix),
                new Side("modern", modern, Sources.Postgres.PostgresTraits.Instance.ParameterPrefix), query, runs, ct));
            done?.Invoke(reports[^1]);
        }
        return ShadowReport.From(spec, runs, reports, started, DateTime.UtcNow);
    }

    sealed record Side(string Name, DbConnection Connection, string ParameterPrefix);

    async Task<QueryReport> QueryAsync(Side legacy, Side modern, ShadowQuery query, int runs, CancellationToken ct)
    {
        var current = modern;
        ResultComparison? difference = null;
        long legacyRows = 0, modernRows = 0;
        List<double> legacyTimes = [], modernTimes = [];
        try
        {
            foreach (var set in query.Sets)
            {
                current = modern;
                var m = await ReadAsync(modern, query.Modern, query, set, null, ct);
                current = legacy;
                var l = await ReadAsync(legacy, query.Legacy, query, set, m.Types, ct);
                (legacyRows, modernRows) = (legacyRows + l.Rows, modernRows + m.Rows);
                var compared = ResultComparison.Of(l, m, query.Ordered);
                if (!compared.Identical && difference is null)
                    difference = compared with { Reason = (set.Count > 0 ? $"with {JsonSerializer.Serialize(set)}: " : "")
                        + compared.Reason };
            }
            for (var w = 1; w < spec.Shadow.WarmupRuns; w++)
                foreach (var set in query.Sets)
                {
                    current = legacy;
                    await TimeAsync(legacy, query.Legacy, query, set, ct);
                    current = modern;
                    await TimeAsync(modern, query.Modern, query, set, ct);
                }
            for (var i = 0; i < runs; i++)
            {
                var set = query.Sets[i % query.Sets.Count];
                foreach (var side in i % 2 == 0 ? new[] { legacy, modern } : [modern, legacy])
                {
                    current = side;
                    var ms = await TimeAsync(side, side == legacy ? query.Legacy : query.Modern, query, set, ct);
                    (side == legacy ? legacyTimes : modernTimes).Add(ms);
                }
            }
        }
        catch (Exception e) when (e is DbException or InvalidCastException or NotSupportedException or OverflowException
                                      or InvalidOperationException)
        {
            return Report(query, legacyRows, modernRows, [], [],
                new ResultComparison(false, $"the {current.Name} side failed: {SecretRedactor.Redact(e.Message)}", []));
        }
        return Report(query, legacyRows, modernRows, legacyTimes, modernTimes, difference ?? new ResultComparison(true, null, []));
    }

    QueryReport Report(ShadowQuery query, long legacyRows, long modernRows, List<double> legacyTimes, List<double> modernTimes,
        ResultComparison result)
    {
        var (l, m) = (Latency.Of(legacyTimes), Latency.Of(modernTimes));
        return new QueryReport
        {
            Name = query.Name, Identical = result.Identical, Ordered = query.Ordered, ParameterSets = query.Sets.Count,
            WithinBudget = l.Runs > 0 && m.At(spec.Shadow.Percentile) <= spec.Shadow.LatencyBudget * l.At(spec.Shadow.Percentile),
            Legacy = new SideResult(legacyRows, l), Modern = new SideResult(modernRows, m), Ratio = LatencyRatio.Of(l, m),
            Problem = result.Reason, Differences = result.Differences,
        };
    }

    static async Task<ResultSet> ReadAsync(Side side, string sql, ShadowQuery query, IReadOnlyDictionary<string, JsonElement> set,
        IReadOnlyList<Type>? types,
        CancellationToken ct)
    {
        await using var command = QueryConnections.Command(side.Connection, side.ParameterPrefix, sql, set, query.TimeoutSeconds);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ResultSet.ReadAsync(reader, types, ct);
    }

    /// <summary>Milliseconds from sending the query to its last row read, every value materialised as the application would.</summary>
    static async Task<double> TimeAsync(Side side, string sql, ShadowQuery query,
        IReadOnlyDictionary<string, JsonElement> set, CancellationToken ct)
    {
        await using var command = QueryConnections.Command(side.Connection, side.ParameterPrefix, sql, set, query.TimeoutSeconds);
        var clock = Stopwatch.StartNew();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync(ct)) reader.GetValues(values);
        }
        return clock.Elapsed.TotalMilliseconds;
    }
}
