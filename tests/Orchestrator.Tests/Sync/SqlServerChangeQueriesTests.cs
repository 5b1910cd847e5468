using Orchestrator.Core.Sources.SqlServer.Changes;
using Orchestrator.Core.Sync;

namespace Orchestrator.Tests.Sync;

public class SqlServerChangeQueriesTests
{
    static readonly SyncTable Table = new()
    {
        Source = new("dbo", "Order Lines"), Target = new("dbo", "order_lines"), Key = [0, 1],
        Columns = [new("OrderId", "orderid", "integer", "integer"), new("Line]No", "line_no", "integer", "integer"),
            new("Qty", "qty", "numeric", "numeric")],
    };

    [Fact]
    public void Change_tracking_joins_net_changes_to_the_current_rows_by_the_whole_key()
    {
        Assert.Equal("SELECT ct.SYS_CHANGE_VERSION, ct.SYS_CHANGE_OPERATION, ct.[OrderId], ct.[Line]]No], " +
            "CASE WHEN t.[OrderId] IS NULL THEN 0 ELSE 1 END, t.[OrderId], t.[Line]]No], t.[Qty] " +
            "FROM CHANGETABLE(CHANGES [dbo].[Order Lines], @after) AS ct " +
            "LEFT JOIN [dbo].[Order Lines] AS t ON t.[OrderId] = ct.[OrderId] AND t.[Line]]No] = ct.[Line]]No] " +
            "WHERE ct.SYS_CHANGE_VERSION <= @upTo ORDER BY ct.SYS_CHANGE_VERSION", SqlServerChangeQueries.ChangeTracking(Table));
    }

    [Fact]
    public void Cdc_reads_a_capture_instance_after_the_position_in_commit_order()
    {
        Assert.Equal("SELECT CONVERT(varchar(22), __$start_lsn, 1), __$operation, [OrderId], [Line]]No], [Qty] " +
            "FROM cdc.[fn_cdc_get_all_changes_dbo_Order Lines](sys.fn_cdc_increment_lsn(CONVERT(binary(10), @after, 1)), " +
            "CONVERT(binary(10), @upTo, 1), N'all') ORDER BY __$start_lsn, __$seqval",
            SqlServerChangeQueries.Cdc(Table, "dbo_Order Lines"));
    }

    [Fact]
    public void Positions_sort_as_text_in_sql_server_order_and_the_refusal_names_the_statements()
    {
        Assert.True(string.CompareOrdinal(SqlServerChangeQueries.SortKey("99"), SqlServerChangeQueries.SortKey("100")) < 0);
        Assert.True(string.CompareOrdinal(SqlServerChangeQueries.SortKey("0x0000002A000001F40003"),
            SqlServerChangeQueries.SortKey("0x0000002B000000100001")) < 0);
        var statements = SqlServerChangeQueries.EnableStatements("Shop", [new("dbo", "Order Lines")]);
        Assert.Contains("ALTER DATABASE [Shop] SET CHANGE_TRACKING = ON", statements);
        Assert.Contains("ALTER TABLE [dbo].[Order Lines] ENABLE CHANGE_TRACKING;", statements);
        Assert.Contains("EXEC sys.sp_cdc_enable_table @source_schema = N'dbo', @source_name = N'Order Lines'", statements);
    }
}
