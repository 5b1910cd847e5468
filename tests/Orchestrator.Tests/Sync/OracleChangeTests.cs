using Orchestrator.Core.Sources.Oracle.Changes;
using Orchestrator.Core.Sync;

namespace Orchestrator.Tests.Sync;

public class OracleChangeTests
{
    static readonly SyncTable Table = new()
    {
        Source = new("SHOP", "ORDERS"), Target = new("shop", "orders"), Key = [0],
        Columns = [new("ID", "id", "bigint", "bigint"), new("Note", "note", "text", "text"), new("AT", "at", "timestamp", "timestamp")],
    };

    [Fact]
    public void Contents_mine_every_column_with_whether_the_redo_carried_it_and_the_key_from_the_undo()
    {
        var query = OracleChangeQueries.Contents(Table, "1000:990", "2000:1995");
        Assert.Equal("SELECT commit_scn, operation_code, commit_timestamp, " +
            "DBMS_LOGMNR.MINE_VALUE(redo_value, :v0), DBMS_LOGMNR.COLUMN_PRESENT(redo_value, :p0), " +
            "DBMS_LOGMNR.MINE_VALUE(redo_value, :v1), DBMS_LOGMNR.COLUMN_PRESENT(redo_value, :p1), " +
            "DBMS_LOGMNR.MINE_VALUE(redo_value, :v2), DBMS_LOGMNR.COLUMN_PRESENT(redo_value, :p2), " +
            "DBMS_LOGMNR.MINE_VALUE(undo_value, :k0) FROM v$logmnr_contents " +
            "WHERE seg_owner = :owner AND table_name = :tab AND operation_code IN (1, 2, 3) AND commit_scn > " +
            ":after AND commit_scn <= :upTo " +
            "ORDER BY commit_scn, scn, rs_id, ssn", query.Sql);
        var binds = query.Binds.ToDictionary(b => b.Key, b => b.Value);
        Assert.Equal("\"SHOP\".\"ORDERS\".\"Note\"", binds["v1"]);
        Assert.Equal(("SHOP", "ORDERS", 1000L, 2000L), (binds["owner"], binds["tab"], binds["after"], binds["upTo"]));
    }

    [Fact]
    public void Mining_starts_at_the_oldest_open_transaction_and_positions_sort_by_scn()
    {
        Assert.Equal(990, OracleChangeQueries.MiningStart("1000:990"));
        Assert.Equal(1001, OracleChangeQueries.MiningStart("1000"));
        Assert.True(string.CompareOrdinal(OracleChangeQueries.SortKey("999:1"), OracleChangeQueries.SortKey("1000:1000")) < 0);
    }

    [Theory]
    [InlineData(".5", "NUMBER", 2, "0.50")]
    [InlineData("-12", "NUMBER", null, "-12")]
    [InlineData("1.5E+000", "BINARY_DOUBLE", null, "1.5E+000")]
    [InlineData("Inf", "BINARY_DOUBLE", null, "Infinity")]
    [InlineData(" 2024-02-29 13:05:09", "DATE", null, "2024-02-29 13:05:09")]
    [InlineData(" 2024-02-29 13:05:09.123450000", "TIMESTAMP(6)", null, "2024-02-29 13:05:09.12345")]
    [InlineData("DEADBEEF", "RAW", null, "\\xdeadbeef")]
    [InlineData("plain text", "VARCHAR2", null, "plain text")]
    public void Mined_values_become_postgres_text(string mined, string type, int? scale, string expected) =>
        Assert.Equal(expected, OracleChangeText.ToPostgres(mined, type, scale));

    [Fact]
    public void Lobs_time_zones_and_intervals_are_not_carried()
    {
        Assert.False(OracleChangeText.Carries("CLOB"));
        Assert.False(OracleChangeText.Carries("TIMESTAMP(6) WITH TIME ZONE"));
        Assert.False(OracleChangeText.Carries("INTERVAL DAY(2) TO SECOND(6)"));
        Assert.True(OracleChangeText.Carries("TIMESTAMP(3)"));
    }

    [Fact]
    public void An_update_keeps_what_its_redo_did_not_carry_and_a_moved_key_deletes_the_old_one()
    {
        // The key was not changed, so not in the redo: it comes from the undo; the note was not changed either.
        var kept = OracleChangeReader.Change(Table, 3, [null, null, "2024-01-01 00:00:00"], [true, true, false], ["7"]);
        Assert.Equal((ChangeKind.Update, "7"), (kept.Kind, kept.Values![0]));
        Assert.Equal([false, true, false], kept.Unchanged!);
        Assert.Null(kept.OldKey);

        var moved = OracleChangeReader.Change(Table, 3, ["8", "n", "2024-01-01 00:00:00"], [false, false, false], ["7"]);
        Assert.Equal(["7"], moved.OldKey!);
        Assert.Null(moved.Unchanged);

        Assert.Equal(ChangeKind.Delete, OracleChangeReader.Change(Table, 2, new string?[3], new bool[3], ["7"]).Kind);
        Assert.Equal(ChangeKind.Insert, OracleChangeReader.Change(Table, 1, ["7", "n", null], new bool[3], [null]).Kind);
    }
}
