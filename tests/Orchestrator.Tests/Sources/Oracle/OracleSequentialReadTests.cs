using System.Data;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Sources.Oracle;

namespace Orchestrator.Tests.Sources.Oracle;

/// <summary>
/// Oracle chunks are read with CommandBehavior.SequentialAccess too: every way the encoder reads a column
/// (<see cref="OracleRead"/>) goes through a reader that refuses a column read twice or out of order.
/// </summary>
public class OracleSequentialReadTests
{
    // One column per OracleRead, with what the chunk SELECT hands over for it.
    static readonly (OracleColumnType Type, Type Clr, object Value)[] Columns =
    [
        (new("NUMBER", 9, 0), typeof(decimal), 42m),
        (new("NUMBER", 10, 2), typeof(string), "12.5"),
        (new("BINARY_FLOAT"), typeof(float), 1.5f),
        (new("BINARY_DOUBLE"), typeof(double), -0.25),
        (new("DATE"), typeof(string), " 2024-02-29 13:05:00"),
        (new("TIMESTAMP(9)"), typeof(string), " 2024-02-29 13:05:00.123456789"),
        (new("TIMESTAMP(6) WITH TIME ZONE"), typeof(string), " 2000-01-01 00:00:00.000001000"),
        (new("INTERVAL YEAR(2) TO MONTH"), typeof(string), "14"),
        (new("INTERVAL DAY(2) TO SECOND(6)", 2, 6), typeof(string), "5 10800500000"),
        (new("VARCHAR2", CharLength: 10, CharUsed: "C"), typeof(string), "é"),
        (new("CHAR", CharLength: 4, CharUsed: "C"), typeof(string), "ab  "),
        (new("CLOB"), typeof(string), new string('x', 20_000) + "é"),
        (new("RAW", DataLength: 16), typeof(byte[]), new byte[] { 0xAB, 0xCD }),
        (new("BLOB"), typeof(byte[]), Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray()),
        (new("ROWID"), typeof(string), "AAAR3sAAEAAAACXAAA"),
        (new("XMLTYPE"), typeof(string), "<a b=\"1\"/>"),
        (new("JSON"), typeof(string), """{"b":1,"a":[1.0,2e2]}"""),
        (new("VECTOR"), typeof(string), "[1.5E+000,-2.0E+000]"),
        (new("BOOLEAN"), typeof(bool), true),
    ];

    static async Task<byte[]> EncodeAsync(System.Data.Common.DbDataReader reader)
    {
        using var output = new MemoryStream();
        var writer = new CopyRowWriter(output);
        var encoder = new OracleRowEncoder(Columns.Select((c, i) => new OracleReadColumn("C" + i, OracleTypeMapping.Map(c.Type))).ToList());
        while (await reader.ReadAsync()) await encoder.WriteRowAsync(reader, writer, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        return output.ToArray();
    }

    [Fact]
    public async Task Every_read_kind_takes_each_column_once_in_order()
    {
        Assert.Equal(Enum.GetValues<OracleRead>().Order(), Columns.Select(c => OracleTypeMapping.Map(c.Type).Read).Distinct().Order());
        var types = Columns.Select(c => c.Clr).ToList();
        object?[][] rows = [Columns.Select(c => c.Value).ToArray(), new object?[Columns.Length]];
        var sequential = new SequentialAccessReader(types, rows);

        var encoded = await EncodeAsync(sequential);

        Assert.Equal(Enumerable.Range(0, Columns.Length), sequential.Reads);
        var table = new DataTable();
        for (var i = 0; i < types.Count; i++) table.Columns.Add("C" + i, types[i]);
        foreach (var row in rows) table.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        Assert.Equal(await EncodeAsync(table.CreateDataReader()), encoded);
    }
}
