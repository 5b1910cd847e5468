using System.Data;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sources.SqlServer;

namespace Orchestrator.Tests.Sources.SqlServer;

public class SqlServerPlanningAndCatalogTests
{
    static SqlServerColumn Col(string name, string type, bool nullable = false, byte scale = 0) =>
        new() { Name = name, SourceType = type, Nullable = nullable, Scale = scale, Precision = 18 };

    static TableInfo Table(params string[] pk) => new()
    {
        Name = new TableName("dbo", "t"),
        Columns = [],
        PrimaryKey = pk.Length == 0 ? null : new KeyInfo("pk", pk),
    };

    [Fact]
    public void Range_right_partitions_become_one_chunk_each()
    {
        var partitioning = new SqlServerPartitioning("pf", true, "at", [new DateTime(2024, 1, 1), new DateTime(2024, 2, 1)], [10, 20, 30]);
        var plans = SqlServerChunkPlanner.FromPartitions("t1", partitioning, Col("at", "datetime2", scale: 0))!;
        Assert.Equal(3, plans.Count);
        Assert.Null(plans[0].Range.Lower);
        Assert.Equal(["2024-01-01 00:00:00"], plans[0].Range.Upper!);
        Assert.Equal(["2024-01-01 00:00:00"], plans[1].Range.Lower!);
        Assert.Equal(["timestamp(0)"], plans[1].Range.KeyTypes);
        Assert.Equal([10L, 20L, 30L], plans.Select(p => p.EstimatedRows));
    }

    [Fact]
    public void Range_left_integer_partitions_start_after_their_boundary()
    {
        var plans = SqlServerChunkPlanner.FromPartitions(
            "t1", new SqlServerPartitioning("pf", false, "id", [100, 200], [1, 1, 1]), Col("id", "int"))!;
        Assert.Equal(["101"], plans[0].Range.Upper!);
        Assert.Equal(["201"], plans[2].Range.Lower!);
    }

    [Fact]
    public void Partitions_that_cannot_be_expressed_exactly_fall_back()
    {
        Assert.Null(SqlServerChunkPlanner.FromPartitions(
            "t1", new SqlServerPartitioning("pf", false, "at", [new DateTime(2024, 1, 1)], [1, 1]), Col("at", "datetime2", scale: 3)));
        Assert.Null(SqlServerChunkPlanner.FromPartitions(
            "t1", new SqlServerPartitioning("pf", true, "id", [1], [1, 1]), Col("id", "int", nullable: true)));
        Assert.Null(SqlServerChunkPlanner.FromPartitions(
            "t1", new SqlServerPartitioning("pf", true, "k", ["m"], [1, 1]), Col("k", "nvarchar")));
    }

    [Fact]
    public void Integer_keys_use_the_histogram_when_it_has_steps_else_min_max()
    {
        var key = Col("id", "int");
        var histogram = Enumerable.Range(1, 200).Select(i => (long)i * 10).ToList();
        var fromHistogram = SqlServerChunkPlanner.FromIntegerKey("t1", key, histogram, null, null, 4, 2000);
        Assert.Equal(4, fromHistogram.Count);
        Assert.Equal(["integer"], fromHistogram[0].Range.KeyTypes);
        var fromMinMax = SqlServerChunkPlanner.FromIntegerKey("t1", key, [], 1, 1000, 4, 1000);
        Assert.Equal(["250"], fromMinMax[0].Range.Upper!);
        Assert.Single(SqlServerChunkPlanner.FromIntegerKey("t1", key, [], null, null, 4, 0));
    }

    [Fact]
    public void Ntile_starts_become_composite_key_ranges()
    {
        var key = new[] { Col("day", "date"), Col("n", "bigint") };
        var plans = SqlServerChunkPlanner.FromTileStarts("t1", key, [[new DateTime(2024, 1, 2), 5L], [new DateTime(2024, 1, 3), 1L]], 300);
        Assert.Equal(3, plans.Count);
        Assert.Equal(["2024-01-02", "5"], plans[1].Range.Lower!);
        Assert.Equal(["date", "bigint"], plans[1].Range.KeyTypes);
    }

    [Fact]
    public void Only_not_null_exactly_ordered_keys_bound_ranges()
    {
        Assert.NotNull(SqlServerChunkPlanner.ChunkKey(Table("id"), [Col("id", "bigint")]));
        Assert.Null(SqlServerChunkPlanner.ChunkKey(Table("code"), [Col("code", "nvarchar")]));
        Assert.Null(SqlServerChunkPlanner.ChunkKey(Table("g"), [Col("g", "uniqueidentifier")]));
        Assert.Null(SqlServerChunkPlanner.ChunkKey(Table("at"), [Col("at", "datetime2", scale: 7)]));
        Assert.Null(SqlServerChunkPlanner.ChunkKey(Table(), [Col("id", "int")]));
    }

    [Fact]
    public void Heaps_get_physloc_page_ranges_with_open_ends()
    {
        var plans = SqlServerChunkPlanner.FromPages("t1", 4294967296 + 100, 4294967296 + 499, 4, 1000);
        Assert.Equal(4, plans.Count);
        Assert.All(plans, p => Assert.Equal(RangeKind.Ctid, p.Range.Kind));
        Assert.Null(plans[0].Range.FromPage);
        Assert.Null(plans[^1].Range.ToPage);
        Assert.Equal(plans[0].Range.ToPage, plans[1].Range.FromPage);
        Assert.Single(SqlServerChunkPlanner.FromPages("t1", null, null, 4, 0));
    }

    [Fact]
    public void Composite_ranges_expand_to_tsql_with_typed_parameters()
    {
        var columns = new[] { Col("day", "date"), Col("n", "bigint") };
        var range = new ChunkRange
        {
            Kind = RangeKind.Key, KeyColumns = ["day", "n"], KeyTypes = ["date", "bigint"],
            Lower = ["2024-01-02", "5"], Upper = ["2024-01-03", "1"],
        };
        using var command = new SqlCommand();
        var predicate = SqlServerChunkPlanner.Predicate(range, columns, command.Parameters);
        Assert.Equal("([day] > @lo0 OR ([day] = @lo0 AND [n] >= @lo1)) AND ([day] < @hi0 OR ([day] = @hi0 AND [n] < @hi1))", predicate);
        Assert.Equal(SqlDbType.Date, command.Parameters["@lo0"].SqlDbType);
        Assert.Equal(5L, command.Parameters["@lo1"].Value);
        Assert.Null(SqlServerChunkPlanner.Predicate(ChunkRange.All, columns, command.Parameters));
    }

    [Fact]
    public void Page_ranges_read_the_physical_locator()
    {
        using var command = new SqlCommand();
        var predicate = SqlServerChunkPlanner.Predicate(
            new ChunkRange { Kind = RangeKind.Ctid, FromPage = 10, ToPage = 20 }, [], command.Parameters)!;
        Assert.Contains("%%physloc%%", predicate);
        Assert.Equal(2, command.Parameters.Count);
    }

    [Fact]
    public void Catalog_queries_read_sys_views_and_take_values_only_as_parameters()
    {
        Assert.Contains("sys.allocation_units", SqlServerCatalogQueries.Sizes);
        Assert.Contains("sys.change_tracking_tables", SqlServerCatalogQueries.ChangeTrackedTables);
        Assert.Contains("is_tracked_by_cdc", SqlServerCatalogQueries.CdcTables);
        Assert.Contains("sys.computed_columns", SqlServerCatalogQueries.Columns);
        Assert.Contains("sys.default_constraints", SqlServerCatalogQueries.Columns);
        Assert.Contains("filter_definition", SqlServerCatalogQueries.Indexes);
        Assert.Contains("sys.partition_functions", SqlServerCatalogQueries.Partitions);
        Assert.Contains("sys.dm_db_stats_histogram", SqlServerCatalogQueries.Histogram);
        Assert.Contains("CHANGE_TRACKING_CURRENT_VERSION()", SqlServerCatalogQueries.ChangeTrackingVersion);
        foreach (var sql in new[]
                 {
                     SqlServerCatalogQueries.TableColumns, SqlServerCatalogQueries.Partitions,
                     SqlServerCatalogQueries.Histogram, SqlServerCatalogQueries.SequenceValue,
                 })
        {
            Assert.Contains("@", sql);
            Assert.DoesNotContain("{", sql);
        }
    }

    [Fact]
    public void Catalog_rows_become_tables_with_postgres_keys_indexes_and_notes()
    {
        var columns = new DataTable();
        foreach (var (name, type) in new (string, Type)[]
                 {
                     ("object_id", typeof(int)), ("name", typeof(string)), ("base", typeof(string)), ("user", typeof(string)),
                     ("max_length", typeof(short)), ("precision", typeof(byte)), ("scale", typeof(byte)), ("collation", typeof(string)),
                     ("nullable", typeof(bool)), ("identity", typeof(bool)), ("computed", typeof(string)), ("default", typeof(string)),
                 })
            columns.Columns.Add(name, type);
        columns.Rows.Add(7, "Id", "int", DBNull.Value, (short)4, (byte)10, (byte)0, DBNull.Value, false, true, DBNull.Value, DBNull.Value);
        columns.Rows.Add(7, "Active", "bit", DBNull.Value, (short)1, (byte)1, (byte)0, DBNull.Value, false, false, DBNull.Value, "((1))");
        columns.Rows.Add(7, "Name", "nvarchar", "Name", (short)100, (byte)0, (byte)0, "SQL_Latin1_General_CP1_CI_AS", true, false,
            DBNull.Value, "([dbo].[f]())");
        columns.Rows.Add(7, "Total", "money", DBNull.Value, (short)8, (byte)19, (byte)4, DBNull.Value, true, false, "([Id]*(2))",
            DBNull.Value);
        var readColumns = SqlServerCatalogReader.ReadColumns(columns.CreateDataReader());

        var indexes = new DataTable();
        foreach (var (name, type) in new (string, Type)[]
                 {
                     ("object_id", typeof(int)), ("name", typeof(string)), ("pk", typeof(bool)), ("uq", typeof(bool)),
                     ("unique", typeof(bool)), ("filter", typeof(string)), ("column", typeof(string)), ("desc", typeof(bool)),
                     ("included", typeof(bool)),
                 })
            indexes.Columns.Add(name, type);
        indexes.Rows.Add(7, "PK_T", true, false, true, DBNull.Value, "Id", false, false);
        indexes.Rows.Add(7, "IX_Name", false, false, false, "([Active]=(1))", "Name", true, false);
        indexes.Rows.Add(7, "IX_Name", false, false, false, "([Active]=(1))", "Total", false, true);
        indexes.Rows.Add(7, "IX_Odd", false, false, false, "([Name] LIKE 'a%')", "Name", false, false);
        var readIndexes = SqlServerCatalogReader.ReadIndexes(indexes.CreateDataReader());

        var fks = new DataTable();
        foreach (var name in new[] { "parent", "name", "rs", "rt", "pc", "rc", "del", "upd" })
            fks.Columns.Add(name, name == "parent" ? typeof(int) : typeof(string));
        fks.Rows.Add(7, "FK_T_P", "dbo", "P", "Id", "PId", "CASCADE", "NO_ACTION");
        var readFks = SqlServerCatalogReader.ReadForeignKeys(fks.CreateDataReader());

        var facts = new SqlServerTableFacts
        {
            Name = new TableName("dbo", "T"), ObjectId = 7, Rows = 5, TotalPages = 2, Columns = readColumns[7],
        };
        var table = SqlServerCatalogReader.BuildTable(facts, readIndexes[7], readFks[7]);

        Assert.Equal(["integer", "boolean", "varchar(50)", "numeric(19,4)"], table.Columns.Select(c => c.DataType));
        Assert.Equal(IdentityKind.ByDefault, table.Columns[0].Identity);
        Assert.Equal("true", table.Columns[1].Default);
        Assert.Null(table.Columns[2].Default);
        Assert.Null(table.Columns[3].GenerationExpression);
        Assert.Equal(("PK_T", "Id"), (table.PrimaryKey!.Name, string.Join(",", table.PrimaryKey.Columns)));
        var index = Assert.Single(table.Indexes);
        Assert.Equal(("IX_Name", "Name", true, null),
            (index.Name, Assert.Single(index.Keys).Column, index.Keys[0].Descending, index.Keys[0].Expression));
        Assert.Equal(("Total", "(\"Active\"=(true))", false), (string.Join(",", index.Included), index.Predicate, index.IsUnique));
        var fk = Assert.Single(table.ForeignKeys);
        Assert.Equal(("Id", new TableName("dbo", "P"), "PId"),
            (string.Join(",", fk.Columns), fk.References, string.Join(",", fk.ReferencedColumns)));
        Assert.Equal((ReferentialAction.Cascade, ReferentialAction.NoAction), (fk.OnDelete, fk.OnUpdate));
        Assert.Equal(16384, table.SizeBytes);
        Assert.Contains(facts.Findings, n => n.Subject.Contains("IX_Odd"));
        Assert.Contains(facts.Findings, n => n.Message.Contains("[dbo].[f]()"));
        Assert.Contains(facts.Findings, n => n.Rule == "computed-column");
    }

    [Fact]
    public void Aggregates_measure_what_postgres_measures_in_tsql()
    {
        var probe = SqlServerAggregateProbe.Build(new TableName("dbo", "T"),
            [
                Col("Id", "int"), Col("Ok", "bit"), Col("Amount", "money"), Col("F", "float"),
                Col("Name", "nvarchar") with { MaxLength = 40 }, Col("G", "uniqueidentifier"),
            ],
            utf8Lengths: true);
        Assert.Equal(
            [
                "rows", "Id.nonnull", "Id.min", "Id.max", "Id.sum", "Ok.nonnull", "Ok.trues",
                "Amount.nonnull", "Amount.min", "Amount.max", "Amount.sum",
                "F.nonnull", "F.min", "F.max", "Name.nonnull", "Name.bytes", "G.nonnull", "G.min", "G.max",
            ],
            probe.Names);
        Assert.Contains("_UTF8", probe.Sql);
        Assert.Contains("FROM [dbo].[T]", probe.Sql);
        Assert.DoesNotContain("Name.bytes",
            SqlServerAggregateProbe.Build(new TableName("dbo", "T"), [Col("Name", "nvarchar")], utf8Lengths: false).Names);
    }
}
