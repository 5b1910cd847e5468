using System.Globalization;
using Npgsql;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Validation;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// What ADO.NET sources write must be byte for byte what PostgreSQL itself sends for the same values: otherwise the
/// extract digest and the read-back digest could never agree. Each case goes into PostgreSQL and back out.
/// </summary>
public class CopyRowWriterTests
{
    [Fact]
    public async Task Encoded_rows_load_and_read_back_byte_identical()
    {
        await using var scenario = await Scenario.CreateAsync("encode", """
            CREATE EXTENSION IF NOT EXISTS vector;
            CREATE TABLE t (b boolean, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision, n numeric(12,4), nu numeric,
                            tx text, by bytea, d date, ts timestamp(6), tz timestamptz, tm time, ttz timetz, iv interval, u uuid,
                            j jsonb, v vector(3));
            """);
        var rows = new List<Action<CopyRowWriter>>
        {
            w =>
            {
                w.Boolean(true); w.Int16Field(short.MinValue); w.Int32Field(int.MaxValue); w.Int64Field(long.MinValue);
                w.Float4(float.NaN); w.Float8(double.NegativeInfinity); w.Numeric(12.5m, 4);
                w.Numeric("123456789012345678901234567890.000123");
                w.Text("héllo\t\"wörld\" 😀"); w.Bytes([0, 1, 2, 255]); w.Date(new DateOnly(1999, 12, 31));
                w.Timestamp(new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Unspecified).AddTicks(1234560));
                w.TimestampTz(new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)));
                w.Time(new TimeSpan(0, 23, 59, 59, 999) + TimeSpan.FromTicks(9990));
                w.TimeTz(new TimeSpan(8, 30, 0), TimeSpan.FromHours(-5));
                w.Interval(-1_500_000, 3, 14); w.Uuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")); w.Jsonb("{\"a\": 1}");
                w.Vector([1.5f, -2f, 0f]);
            },
            w =>
            {
                for (var i = 0; i < 19; i++) w.Null();
            },
            w =>
            {
                w.Boolean(false); w.Int16Field(0); w.Int32Field(-1); w.Int64Field(0); w.Float4(-0f); w.Float8(5e-324);
                w.Numeric(-0.0001m, 4); w.Numeric("NaN"); w.Text(""); w.Bytes([]); w.Date(new DateOnly(1, 1, 1));
                w.Timestamp(new DateTime(1970, 1, 1)); w.TimestampTz(DateTimeOffset.UnixEpoch); w.Time(TimeSpan.Zero);
                w.TimeTz(TimeSpan.Zero, TimeSpan.FromHours(14));
                w.Interval(0, 0, 0); w.Uuid(Guid.Empty); w.Jsonb("[]"); w.Vector([float.MaxValue, float.Epsilon, -1f]);
            },
        };
        using var encoded = new MemoryStream();
        var writer = new CopyRowWriter(encoded);
        writer.WriteHeader();
        foreach (var row in rows)
        {
            writer.StartRow(19);
            row(writer);
            await writer.EndRowAsync(CancellationToken.None);
        }
        await writer.FinishAsync(CancellationToken.None);

        await using var connection = new NpgsqlConnection(scenario.Source.ConnectionString);
        await connection.OpenAsync();
        await using (var load = await connection.BeginRawBinaryCopyAsync("COPY t FROM STDIN (FORMAT BINARY)"))
            await load.WriteAsync(encoded.ToArray());
        using var back = new MemoryStream();
        await using (var read = await connection.BeginRawBinaryCopyAsync("COPY t TO STDOUT (FORMAT BINARY)"))
            await read.CopyToAsync(back);

        Assert.Equal(Digest(encoded.ToArray()), Digest(back.ToArray()));
        Assert.Equal(3L, await scenario.Source.ScalarAsync<long>("SELECT count(*) FROM t"));
        Assert.Equal("2024-02-29 23:59:59.123456", (await scenario.Source.StringsAsync("SELECT ts::text FROM t WHERE b"))[0]);
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", (await scenario.Source.StringsAsync("SELECT u::text FROM t WHERE b"))[0]);
        Assert.Equal("08:30:00-05", (await scenario.Source.StringsAsync("SELECT ttz::text FROM t WHERE b"))[0]);
        Assert.Equal("1 year 2 mons 3 days -00:00:01.5", (await scenario.Source.StringsAsync("SELECT iv::text FROM t WHERE b"))[0]);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("1.50", null)]
    [InlineData("-0.0001", null)]
    [InlineData("10000", null)]
    [InlineData("123456789012345678901234567890.000123", null)]
    [InlineData("0.000000000000000000000000000000000001", null)]
    [InlineData("1.5e3", null)]
    [InlineData("1.50e1", null)]
    [InlineData("2.5e-7", null)]
    [InlineData("99999999999999999999999999999999999999", null)]
    [InlineData("12.34565", 4)]
    [InlineData("-12.34565", 4)]
    [InlineData("9999.99995", 4)]
    [InlineData("0.00004", 4)]
    [InlineData("7", 2)]
    [InlineData("Infinity", null)]
    [InlineData("-Infinity", null)]
    [InlineData("NaN", null)]
    public async Task Numeric_matches_numeric_send(string value, int? scale)
    {
        var connectionString = TestServers.RequirePostgres();
        var type = scale is { } s ? $"numeric(38,{s})" : "numeric";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT numeric_send($1::{type})", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        var expected = (byte[])(await command.ExecuteScalarAsync())!;

        using var encoded = new MemoryStream();
        var writer = new CopyRowWriter(encoded);
        writer.Numeric(value, scale);
        await writer.FlushAsync(CancellationToken.None);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(encoded.ToArray()[4..]));
    }

    static string Digest(byte[] copy)
    {
        var digester = new CopyStreamDigester();
        digester.Append(copy);
        return digester.Finish().ToString();
    }
}

/// <summary>Float text that source dialects compute for aggregates must be exactly what PostgreSQL prints.</summary>
public class PgFloatTextTests
{
    [Fact]
    public async Task Float_text_matches_postgresql_output()
    {
        double[] doubles =
        [
            0, -0.0, 1, -1.5, 0.1, 1e-5, 1.2345e-4, 123456789012345, 1234567890123456, 1e15, 1e16, 1.7976931348623157e308, 5e-324,
            double.NaN, double.PositiveInfinity, 3.141592653589793, 100, 0.0001,
        ];
        float[] floats = [0, 1.5f, 0.1f, 1e-5f, 123456f, 1234567f, 3.4028235e38f, float.Epsilon, float.NaN, float.NegativeInfinity];
        await using var connection = new NpgsqlConnection(TestServers.RequirePostgres());
        await connection.OpenAsync();
        foreach (var d in doubles)
        {
            await using var command = new NpgsqlCommand("SELECT $1::float8::text", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = d });
            Assert.Equal((string)(await command.ExecuteScalarAsync())!, Orchestrator.Core.Sources.Ado.PgFloatText.Float8(d));
        }
        foreach (var f in floats)
        {
            await using var command = new NpgsqlCommand("SELECT $1::float4::text", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = f });
            Assert.Equal((string)(await command.ExecuteScalarAsync())!, Orchestrator.Core.Sources.Ado.PgFloatText.Float4(f));
        }
    }
}
