using System.Data;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sources.SqlServer;

namespace Orchestrator.Tests.Comparison;

/// <summary>
/// The query a comparison digests a SQL Server range with: the chunk SELECT (the row encoder's list) over a range the
/// narrowing cut at target keys, its bounds as parameters of the key columns' own types, so the server seeks.
/// </summary>
public class SqlServerRangeQueryTests
{
    static readonly SqlServerColumn[] Columns =
    [
        new() { Name = "OrderId", SourceType = "int", Nullable = false },
        new() { Name = "At", SourceType = "datetime2", Scale = 3, Nullable = false },
        new() { Name = "Qty", SourceType = "decimal", Precision = 10, Scale = 2 },
        new() { Name = "Note", SourceType = "nvarchar", MaxLength = -1 },
    ];

    static readonly CompareTable Lines = new()
    {
        TableId = "t0001-dbo.lines", Source = new TableName("dbo", "Lines"), Target = new TableName("dbo", "lines"),
        Columns = ["orderid", "at", "qty", "note"], Read = new(["orderid", "at", "qty", "note"], new Dictionary<string, string>()),
        Mode = CompareMode.Ranges, Key = ["OrderId", "At"], KeyTypes = ["integer", "timestamp(3)"],
    };

    [Fact]
    public void A_narrowed_composite_key_range_reads_with_typed_bounds_and_the_encoders_select_list()
    {
        var planned = new ChunkRange
        {
            Kind = RangeKind.Key, KeyColumns = ["OrderId", "At"], KeyTypes = ["integer", "timestamp(3)"],
            Lower = ["100", "2024-01-01 00:00:00"],
        };
        var part = KeySplits.Split(planned, Lines, [["250", "2024-03-17 12:00:00.125"]])[0];
        using var command = new SqlCommand();
        var encoder = new SqlServerRowEncoder("dbo.Lines", Columns);
        SqlServerSourceDialect.RangeCommand(command, new TableName("dbo", "Lines"), encoder.SelectList, part, Columns);

        Assert.Equal($"SELECT {encoder.SelectList} FROM [dbo].[Lines] WHERE ([OrderId] > @lo0 OR ([OrderId] = @lo0 AND [At] >= @lo1)) " +
            "AND ([OrderId] < @hi0 OR ([OrderId] = @hi0 AND [At] < @hi1))", command.CommandText);
        var parameters = command.Parameters.Cast<SqlParameter>().ToDictionary(p => p.ParameterName);
        Assert.Equal((SqlDbType.Int, (object)100), (parameters["@lo0"].SqlDbType, parameters["@lo0"].Value));
        Assert.Equal((SqlDbType.DateTime2, (object)new DateTime(2024, 1, 1)), (parameters["@lo1"].SqlDbType, parameters["@lo1"].Value));
        Assert.Equal((SqlDbType.Int, (object)250), (parameters["@hi0"].SqlDbType, parameters["@hi0"].Value));
        Assert.Equal(new DateTime(2024, 3, 17, 12, 0, 0, 125), parameters["@hi1"].Value);
        Assert.Equal(3, parameters["@hi1"].Scale);
    }

    [Fact]
    public void A_text_key_cannot_bound_a_range_and_says_so()
    {
        var range = new ChunkRange { Kind = RangeKind.Key, KeyColumns = ["Note"], KeyTypes = ["text"], Lower = ["m"] };
        using var command = new SqlCommand();
        Assert.Throws<NotSupportedException>(
            () => SqlServerSourceDialect.RangeCommand(command, new TableName("dbo", "Lines"), "*", range, Columns));
    }
}
