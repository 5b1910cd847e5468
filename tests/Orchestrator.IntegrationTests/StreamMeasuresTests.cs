using System.Buffers.Binary;
using System.Text.Json;
using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Workflow;
using Orchestrator.Core.Target;
using Orchestrator.Core.Validation;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Validation measures the target's aggregates from the read-back stream it digests: those measures must read exactly
/// as PostgreSQL's SQL aggregates print them, or a correct migration would be reported as differing.
/// </summary>
public class StreamMeasuresTests
{
    // Random values across each type's whole range, and its edges.
    static readonly (string Type, string Values, Func<byte[], string> Print)[] Printed =
    [
        ("float8", "SELECT (random() - 0.5) * 10 ^ (random() * 600 - 300) FROM generate_series(1, 3000) UNION ALL " +
                   "SELECT unnest('{0,-0,NaN,Infinity,-Infinity,1e15,1e14,123456789012345.6,0.0001,0.00001,5e-324," +
                   "1.7976931348623157e308,2.2250738585072014e-308,-1e-5,100,1.5,0.1}'::float8[])",
            b => PostgresTextOutput.Float8(BinaryPrimitives.ReadDoubleBigEndian(b))),
        ("float4", "SELECT ((random() - 0.5) * 10 ^ (random() * 70 - 35))::float4 FROM generate_series(1, 3000) UNION ALL " +
                   "SELECT unnest('{0,-0,NaN,-Infinity,1e6,999999,100000,1e-4,1e-5,3.4028235e38,1e-45,0.1,16777217}'::float4[])",
            b => PostgresTextOutput.Float4(BinaryPrimitives.ReadSingleBigEndian(b))),
        ("timestamp", "SELECT timestamp '4713-11-24 BC' + random() * interval '290000 years' " +
                      "+ (random() * 1e6)::int * interval '1 microsecond' FROM generate_series(1, 3000) UNION ALL " +
                      "SELECT unnest('{infinity,-infinity,2000-01-01,1999-12-31 23:59:59.999999,0001-01-01 BC," +
                      "0001-12-31 23:59:59.5 BC,4714-11-24 BC,294276-12-31 23:59:59.999999,2024-02-29 12:00:00.000001}'::timestamp[])",
            b => PostgresTextOutput.Timestamp(BinaryPrimitives.ReadInt64BigEndian(b), withZone: false)),
        ("timestamptz", "SELECT timestamptz '1000-01-01 BC' + random() * (timestamptz '20000-12-31' - timestamptz '1000-01-01 BC') " +
                        "FROM generate_series(1, 3000) UNION ALL " +
                        "SELECT unnest('{infinity,-infinity,2000-01-01 00:00:00+00,1969-12-31 23:59:59.25+00," +
                        "0044-03-15 12:00:00+00 BC}'::timestamptz[])",
            b => PostgresTextOutput.Timestamp(BinaryPrimitives.ReadInt64BigEndian(b), withZone: true)),
        ("date", "SELECT date '2000-01-01' + (random() * 4000000 - 2000000)::int FROM generate_series(1, 3000) UNION ALL " +
                 "SELECT unnest('{infinity,-infinity,4713-01-01 BC,5874897-12-31,0001-01-01,0001-12-31 BC,1900-02-28,2000-02-29}'::date[])",
            b => PostgresTextOutput.Date(BinaryPrimitives.ReadInt32BigEndian(b))),
        ("time", "SELECT time '00:00' + random() * interval '24 hours' FROM generate_series(1, 3000) UNION ALL " +
                 "SELECT unnest('{00:00:00,24:00:00,23:59:59.999999,12:00:00.1}'::time[])",
            b => PostgresTextOutput.Time(BinaryPrimitives.ReadInt64BigEndian(b))),
    ];

    [Fact]
    public async Task Values_print_exactly_as_postgresql_prints_them()
    {
        TestServers.RequirePostgres();
        await using var connector = new PostgresConnector(); // the sessions validation uses: UTC, ISO dates
        var dataSource = connector.Get(TestServers.RequirePostgres());
        var wrong = new List<string>();
        var compared = 0;
        foreach (var (type, values, print) in Printed)
        {
            // The send function gives the value's binary COPY form: float8send, timestamp_send, ...
            var send = type.StartsWith("float") ? $"{type}send" : $"{type}_send";
            await using var command = dataSource.CreateCommand($"SELECT v::text, {send}(v) FROM ({values}) s(v)");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                compared++;
                var (expected, actual) = (reader.GetString(0), print((byte[])reader.GetValue(1)));
                if (expected != actual) wrong.Add($"{type}: server {expected}, ours {actual}");
            }
        }
        Assert.True(compared > 18_000, $"only {compared} values compared");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(20)));
    }

    const string Table = """
        CREATE TABLE m (id int8, small int2, mid int4, f4 float4, f8 float8, ts timestamp(3), tstz timestamptz, d date, t time,
                        b bool, txt text, vc varchar(10), ch char(5), by bytea, j json, jb jsonb, n numeric(12,3), iv interval, e mood);
        INSERT INTO m SELECT g, (g % 30000)::int2, g * 7919 % 100003 - 50000, (g / 7.0)::float4, g * pi() * 1e10,
                        timestamp '1999-12-31' + g * interval '1.001 second', timestamptz '2024-06-01 00:00:00+02' - g * interval '1 hour',
                        date '2000-02-29' - g, time '00:00' + g * interval '17.5 seconds', g % 3 = 0, repeat('é', g % 13), 'v' || g % 100,
                        'c' || g % 9, decode(md5(g::text), 'hex'), json_build_object('g', g, 's', 'ü'),
                        jsonb_build_object('g', g, 'a', array[g, -g]),
                        g * 1.125, g * interval '1 day 2 seconds', 'happy'
                      FROM generate_series(1, 6000) g;
        INSERT INTO m (id, f8, f4, ts, d) VALUES (-1, 'NaN', '-Infinity', '-infinity', '4713-01-01 BC'), (0, -0.0, -0.0, NULL, NULL);
        INSERT INTO m (id) SELECT -g FROM generate_series(2, 50) g;
        """;

    static ColumnInfo Column(string name, TypeFamily family) => new() { Name = name, DataType = "x", Family = family };

    static readonly ColumnInfo[] Columns =
    [
        Column("id", TypeFamily.Integer), Column("small", TypeFamily.Integer), Column("mid", TypeFamily.Integer),
        Column("f4", TypeFamily.Float), Column("f8", TypeFamily.Float), Column("ts", TypeFamily.Temporal),
        Column("tstz", TypeFamily.Temporal),
        Column("d", TypeFamily.Temporal), Column("t", TypeFamily.Temporal), Column("b", TypeFamily.Boolean), Column("txt", TypeFamily.Text),
        Column("vc", TypeFamily.Text), Column("ch", TypeFamily.Text), Column("by", TypeFamily.Binary), Column("j", TypeFamily.Json),
        Column("jb", TypeFamily.Json), Column("n", TypeFamily.Decimal), Column("iv", TypeFamily.Temporal), Column("e", TypeFamily.Other),
    ];

    [Fact]
    public async Task A_read_back_measures_what_the_sql_aggregates_compute_and_leaves_the_rest_to_sql()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("measures");
        await db.ExecuteAsync("CREATE TYPE mood AS ENUM ('sad', 'happy');" + Table);
        await using var connector = new PostgresConnector();
        var dataSource = connector.Get(db.ConnectionString);
        var target = new PostgresTarget(dataSource);
        var table = new TableName("public", "m");
        var names = Columns.Select(c => c.Name).ToList();

        var facts = await target.TableFactsAsync(table);
        var plan = StreamMeasurePlan.For(names, Columns, facts.BaseTypes, facts.Utf8);
        Assert.Equal(["n", "iv", "e"], plan.InSql.Select(c => c.Name));
        var readBack = await target.ReadBackTableAsync(table, names, CopyFormat.Binary, streams: 1, facts, plan);
        var sql = await PostgresAggregateProbe.RunAsync(dataSource, table, Columns, CancellationToken.None);

        var measured = readBack.Measures!.Measures(readBack.Digest.Rows);
        Assert.Equal(6051, readBack.Digest.Rows);
        // rows, 16 non-null counts, 3 integers, 6 floats and times, 1 bool, 6 lengths
        Assert.Equal(1 + 16 + 3 * 3 + 6 * 2 + 1 + 6, measured.Count);
        var differ = measured.Where(m => sql.Measures.GetValueOrDefault(m.Key) != m.Value)
            .Select(m => $"{m.Key}: sql {sql.Measures.GetValueOrDefault(m.Key) ?? "(none)"}, stream {m.Value}").ToList();
        Assert.True(differ.Count == 0, string.Join("\n", differ));
    }

    [Fact]
    public async Task Validation_measured_from_the_read_back_passes_a_faithful_copy_and_names_a_changed_column()
    {
        await using var scenario = await Scenario.CreateAsync("onceread", "CREATE TYPE mood AS ENUM ('sad', 'happy');" + Table);
        var (target, migrations) = (scenario.Target, scenario.Migrations);
        var spec = migrations.SpecJson(rowsPerChunk: 2_000);
        var result = await migrations.RunAsync(spec, "once1");
        Assert.True(result.Passed, File.ReadAllText(Path.Combine(migrations.StagingRoot, "once1", "report.md")));
        Assert.Equal(6051, TableReport(migrations).GetProperty("targetRows").GetInt64());

        // One value changed in the target after the load: the measures of its column (from the stream) differ, and
        // only those; the digest differs too.
        await target.ExecuteAsync("UPDATE m SET mid = mid + 1 WHERE id = 17");
        var check = await migrations.RunAsync(spec, "once1", ValidationWorkflow.Name);
        Assert.False(check.Passed);
        var table = TableReport(migrations);
        Assert.Equal(["mid.sum"], table.GetProperty("aggregateDifferences").EnumerateArray().Select(d => d.GetString()!.Split(':')[0]));
        Assert.Equal("fail", table.GetProperty("digestVerdict").GetString());
    }

    static JsonElement TableReport(Migrations migrations) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(migrations.StagingRoot, "once1", "report.json")))
            .RootElement.GetProperty("tables")[0];
}
