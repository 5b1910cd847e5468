using System.Data;
using System.Data.Common;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Sources.SqlServer;

namespace Orchestrator.Tests.Sources.SqlServer;

/// <summary>
/// One column of every SQL Server type the dialect maps, with values as SqlDataReader hands them over for the
/// column's SELECT items (<see cref="SqlServerTypeMapping.SelectItems"/>): a LOB's DATALENGTH before its bytes, a
/// sql_variant's base type before its value. Edge values, and values whose target form PostgreSQL normalises.
/// </summary>
static class SqlServerTypeSamples
{
    /// <param name="Items">The CLR type of each SELECT item the column reads.</param>
    /// <param name="Values">Rows of SELECT item values (null for NULL); a NULL row is added by <see cref="Rows"/>.</param>
    public sealed record Sample(SqlServerColumn Column, Type[] Items, IReadOnlyList<object?[]> Values);

    static SqlServerColumn Col(string type, short maxLength = 0, byte precision = 0, byte scale = 0) =>
        new()
        {
            Name = type + (maxLength == -1 ? "_max" : ""), SourceType = type, MaxLength = maxLength, Precision = precision, Scale = scale,
        };

    static Sample One<T>(SqlServerColumn column, params T[] values) =>
        new(column, [typeof(T)], values.Select(v => new object?[] { v }).ToList());

    static Sample Lob(SqlServerColumn column, Type length, params byte[][] values) =>
        new(column, [length, typeof(byte[])],
            values.Select(v => new object?[] { length == typeof(int) ? v.Length : (object)(long)v.Length, v }).ToList());

    static readonly byte[] Bytes300K = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

    public static IReadOnlyList<Sample> All { get; } =
    [
        One(Col("bit"), true, false),
        One(Col("tinyint"), (byte)0, (byte)255),
        One(Col("smallint"), short.MinValue, (short)7),
        One(Col("int"), int.MinValue, 42),
        One(Col("bigint"), long.MaxValue, -1L),
        One(Col("decimal", precision: 18, scale: 4), 123.45m, -0.0001m, 0m, 100m),
        One(Col("numeric", precision: 10, scale: 0), 100m, -9999999999m),
        One(Col("money", 8, 19, 4), 922337203685477.5807m, -1.5m, 0m),
        One(Col("smallmoney", 4, 10, 4), 214748.3647m, -214748.3648m),
        One(Col("float", 8, 53), 0.1, -1.5e300),
        One(Col("real", 4, 24), 0.1f, -3.4e38f),
        One(Col("date"), new DateTime(1, 1, 1), new DateTime(9999, 12, 31)),
        One(Col("time", scale: 7), TimeSpan.FromTicks(19), new TimeSpan(23, 59, 59) + TimeSpan.FromTicks(9_999_999)),
        One(Col("time", scale: 3), new TimeSpan(0, 12, 30, 15, 123)),
        One(Col("datetime", scale: 3), new DateTime(1753, 1, 1), new DateTime(2024, 2, 29, 13, 5, 0, 997)),
        One(Col("datetime2", scale: 7), new DateTime(9999, 12, 31, 23, 59, 59).AddTicks(9_999_999), new DateTime(2000, 1, 1).AddTicks(-5)),
        One(Col("smalldatetime"), new DateTime(2079, 6, 6, 23, 59, 0)),
        One(Col("datetimeoffset", scale: 7), new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.FromHours(5.5)).AddTicks(1_234_567)),
        One(Col("char", 10), "ab        "),
        One(Col("nchar", 20), "é         "),
        One(Col("varchar", 40), "héllo\t\"x\" \\ ,;|", ""),
        One(Col("varchar", -1), new string('x', 100_000) + "é"),
        One(Col("text", 16), "legacy text"),
        One(Col("ntext", 16), "ünïcode ntext"),
        One(Col("nvarchar", 80), "😀 emoji and 中文"),
        One(Col("nvarchar", -1), "multi\nline\r\nvalue"),
        One(Col("sysname", 256), "dbo"),
        One<byte[]>(Col("binary", 4), [0, 1, 2, 255]),
        One(Col("varbinary", 16), Array.Empty<byte>(), new byte[] { 0xDE, 0xAD }),
        Lob(Col("varbinary", -1), typeof(long), Bytes300K, []),
        Lob(Col("image", 16), typeof(int), [1, 2, 3]),
        One<byte[]>(Col("timestamp", 8), Convert.FromHexString("00000000000007D1")),
        One(Col("uniqueidentifier", 16), Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")),
        One(Col("xml", -1), "<a b=\"1\"><c>x &amp; y</c></a>"),
        One(Col("hierarchyid", 892), "/1/3/"),
        One(Col("geography", -1), "POINT (1 2)"),
        One(Col("geometry", -1), "LINESTRING (0 0, 1 1.5)"),
        new(Col("sql_variant", 8016), [typeof(string), typeof(object)],
        [
            ["int", 42], ["bigint", long.MinValue], ["smallint", (short)-3], ["tinyint", (byte)9], ["bit", true],
            ["decimal", 12.50m], ["money", 3.5m], ["float", 1e20], ["real", 0.1f],
            ["nvarchar", "a \"q\" \\ é\n\t😀"], ["varchar", ""],
            ["uniqueidentifier", Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")],
            ["varbinary", new byte[] { 1, 2 }], ["date", new DateTime(2024, 2, 29)],
            ["datetime2", new DateTime(2024, 2, 29, 13, 5, 0).AddTicks(1)],
            ["time", new TimeSpan(1, 2, 3)], ["datetimeoffset", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(-8))],
        ]),
        One(Col("json", -1),
            """{"b": 1, "a" :[1.0, 2e2, -0.0, 1E-2],"a":"dup","nested":{"zz":null,"y":false},"esc":"\u00e9\t\"","e":"😀"}""",
            "[]", "  \"text\"  "),
        One<float[]>(Col("vector", 8 + 4 * 3), [1.5f, -2f, 0f]),
    ];

    /// <summary>
    /// Every sample side by side, one table: row i holds each column's value i (cycling through shorter lists), and
    /// a last row of NULLs. Returns the CLR type of every SELECT item, in order, and the rows.
    /// </summary>
    public static (List<Type> Types, List<object?[]> Rows) Rows(IReadOnlyList<Sample> samples)
    {
        var types = samples.SelectMany(s => s.Items).ToList();
        var count = samples.Max(s => s.Values.Count);
        var rows = Enumerable.Range(0, count).Select(i => samples.SelectMany(s => s.Values[i % s.Values.Count]).ToArray()).ToList();
        rows.Add(new object?[types.Count]);
        return (types, rows);
    }

    /// <summary>The rows a reader holds, encoded by the dialect's encoder: a whole binary COPY stream, or the tuples alone.</summary>
    public static async Task<byte[]> EncodeAsync(IReadOnlyList<Sample> samples, DbDataReader reader, bool wholeStream = false)
    {
        using var output = new MemoryStream();
        var writer = new CopyRowWriter(output);
        if (wholeStream) writer.WriteHeader();
        var encoder = new SqlServerRowEncoder("dbo.zoo", samples.Select(s => s.Column).ToList());
        while (await reader.ReadAsync()) await encoder.WriteRowAsync(reader, writer, CancellationToken.None);
        if (wholeStream) await writer.FinishAsync(CancellationToken.None);
        else await writer.FlushAsync(CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>The same rows behind a reader that allows any access (DataTable's).</summary>
    public static DbDataReader Permissive(IReadOnlyList<Type> types, IReadOnlyList<object?[]> rows)
    {
        var table = new DataTable();
        for (var i = 0; i < types.Count; i++) table.Columns.Add("c" + i, types[i]);
        foreach (var row in rows) table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        return table.CreateDataReader();
    }
}
