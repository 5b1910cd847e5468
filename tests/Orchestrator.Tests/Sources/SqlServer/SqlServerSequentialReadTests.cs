using System.Globalization;
using Orchestrator.Core.Sources.SqlServer;
using static Orchestrator.Tests.Sources.SqlServer.SqlServerTypeSamples;

namespace Orchestrator.Tests.Sources.SqlServer;

/// <summary>
/// Chunks are read with CommandBehavior.SequentialAccess: SqlDataReader refuses a column read twice or out of order
/// (money and smallmoney once failed every chunk that way). Every mapped type goes through a reader that keeps those rules.
/// </summary>
public class SqlServerSequentialReadTests
{
    // TYPE_NAME(system_type_id) of every SQL Server system type (rowversion is timestamp there), and 2025's json and vector.
    static readonly string[] SystemTypes =
    [
        "bigint", "binary", "bit", "char", "date", "datetime", "datetime2", "datetimeoffset", "decimal", "float", "geography", "geometry",
        "hierarchyid", "image", "int", "json", "money", "nchar", "ntext", "numeric", "nvarchar", "real", "smalldatetime", "smallint",
        "smallmoney", "sql_variant", "sysname", "text", "time", "timestamp", "tinyint", "uniqueidentifier", "varbinary", "varchar",
        "vector", "xml",
    ];

    public static TheoryData<string> Samples => new(All.Select(Label));

    static string Label(Sample s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Column.SourceType}({s.Column.MaxLength},{s.Column.Precision},{s.Column.Scale})");

    [Fact]
    public void Every_type_the_mapping_accepts_has_a_sample()
    {
        var sampled = All.Select(s => s.Column.SourceType).ToHashSet();
        var mapped = SystemTypes.Where(type =>
        {
            try { SqlServerTypeMapping.Map(new SqlServerColumn { Name = "c", SourceType = type, MaxLength = 16 }); return true; }
            catch (NotSupportedException) { return false; }
        }).ToList();
        Assert.Equal(SystemTypes, mapped);
        Assert.All(mapped, type => Assert.Contains(type, sampled));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Each_type_reads_every_select_item_once_in_order(string label)
    {
        var sample = All.Single(s => Label(s) == label);
        var (types, rows) = Rows([sample]);
        var sequential = new SequentialAccessReader(types, rows);

        var encoded = await EncodeAsync([sample], sequential);

        // Each row with a value reads each SELECT item once, in order; the NULL row reads none (IsDBNull looks only).
        Assert.Equal(Enumerable.Repeat(Enumerable.Range(0, types.Count), rows.Count - 1).SelectMany(r => r), sequential.Reads);
        Assert.Equal(await EncodeAsync([sample], Permissive(types, rows)), encoded);
    }

    [Fact]
    public async Task A_row_of_every_type_side_by_side_reads_in_one_pass()
    {
        var (types, rows) = Rows(All);
        var sequential = new SequentialAccessReader(types, rows);
        var encoded = await EncodeAsync(All, sequential);
        Assert.Equal(Enumerable.Repeat(Enumerable.Range(0, types.Count), rows.Count - 1).SelectMany(r => r), sequential.Reads);
        Assert.Equal(await EncodeAsync(All, Permissive(types, rows)), encoded);
    }

    [Fact]
    public void The_reader_refuses_what_sql_data_reader_refuses()
    {
        var reader = new SequentialAccessReader([typeof(decimal), typeof(int)], [[1.5m, 2]]);
        reader.Read();
        Assert.Equal(1.5m, reader.GetValue(0));
        var twice = Assert.Throws<InvalidOperationException>(() => reader.GetDecimal(0));
        Assert.Contains("you may only read from column ordinal '1' or greater", twice.Message);
        Assert.Equal(2, reader.GetInt32(1));
        Assert.Throws<InvalidOperationException>(() => reader.IsDBNull(0));
        var typed = new SequentialAccessReader([typeof(byte)], [[(byte)1]]);
        typed.Read();
        Assert.Throws<InvalidCastException>(() => typed.GetInt16(0));
    }
}
