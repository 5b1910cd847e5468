using Orchestrator.Core.Catalog;
using Orchestrator.Core.Reporting;
using Orchestrator.Core.Sources.SqlServer;

namespace Orchestrator.Tests.Sources.SqlServer;

/// <summary>
/// A least-privilege login (db_datareader and VIEW DEFINITION) meets refusals on DMVs, statistics and msdb; other
/// T-SQL engines lack change tracking, @@DBTS or %%physloc%%. Which server errors let an optional probe fall back,
/// and what each probe then does, is decided from the error numbers alone: tested here without a server.
/// </summary>
public class SqlServerProbeTests
{
    [Theory]
    [InlineData(208, "Invalid object name 'sys.dm_db_stats_histogram'.", ServerRefusal.Missing)]
    [InlineData(207, "Invalid column name 'is_external'.", ServerRefusal.Missing)]
    [InlineData(195, "'CHANGE_TRACKING_CURRENT_VERSION' is not a recognized built-in function name.", ServerRefusal.Missing)]
    [InlineData(4121, "Cannot find either column \"sys\" or the user-defined function or aggregate \"sys.fn_cdc_get_max_lsn\".",
        ServerRefusal.Missing)]
    [InlineData(229, "The SELECT permission was denied on the object 'sysjobs', database 'msdb', schema 'dbo'.", ServerRefusal.Denied)]
    [InlineData(230, "The SELECT permission was denied on the column 'value' of the object 'extended_properties'.", ServerRefusal.Denied)]
    [InlineData(262, "VIEW DATABASE STATE permission denied in database 'legacy'.", ServerRefusal.Denied)]
    [InlineData(297, "The user does not have permission to perform this action.", ServerRefusal.Denied)]
    [InlineData(300, "VIEW SERVER STATE permission was denied on object 'server', database 'master'.", ServerRefusal.Denied)]
    [InlineData(916, "The server principal \"migrator\" is not able to access the database \"msdb\" under the current security context.",
        ServerRefusal.Denied)]
    [InlineData(102, "Incorrect syntax near 'CAST'.", ServerRefusal.Unsupported)]
    [InlineData(40515, "Reference to database and/or server name in 'msdb.dbo.sysjobs' is not supported in this version of SQL Server.",
        ServerRefusal.Unsupported)]
    [InlineData(1205, "Transaction (Process ID 52) was deadlocked on lock resources with another process.", ServerRefusal.None)]
    [InlineData(-2, "Execution Timeout Expired.", ServerRefusal.None)]
    [InlineData(0, "A network-related or instance-specific error occurred while establishing a connection to SQL Server.",
        ServerRefusal.None)]
    [InlineData(4060, "Cannot open database \"legacy\" requested by the login. The login failed.", ServerRefusal.None)]
    [InlineData(18456, "Login failed for user 'migrator'.", ServerRefusal.None)]
    [InlineData(8180, "Statement(s) could not be prepared.", ServerRefusal.None)]
    // Engines that speak T-SQL with their own numbers: the message decides.
    [InlineData(33557097, "'CHANGE_TRACKING_CURRENT_VERSION' is not currently supported in Babelfish", ServerRefusal.Unsupported)]
    [InlineData(33557097, "permission denied for table sysjobs", ServerRefusal.Denied)]
    [InlineData(33557097, "relation \"sys.allocation_units\" does not exist", ServerRefusal.Missing)]
    [InlineData(33557097, "syntax error at or near \"CAST\"", ServerRefusal.Unsupported)]
    [InlineData(50000, "Something else went wrong", ServerRefusal.None)]
    public void Errors_are_sorted_by_number_then_by_message(int number, string message, ServerRefusal expected) =>
        Assert.Equal(expected, SqlServerRefusals.Classify(number, message));

    [Fact]
    public void The_first_refusal_among_a_failures_errors_decides()
    {
        var (refusal, number, message) = SqlServerRefusals.Classify(
            [(8180, "Statement(s) could not be prepared."), (208, "Invalid object name 'sys.x'.")]);
        Assert.Equal((ServerRefusal.Missing, 208, "Invalid object name 'sys.x'."), (refusal, number, message));
        Assert.Equal(ServerRefusal.None, SqlServerRefusals.Classify([(1205, "deadlocked"), (8180, "could not be prepared")]).Refusal);
    }

    public static TheoryData<string> Probes => new(SqlServerProbes.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Probes))]
    public void Every_probe_falls_back_on_a_refusal_and_says_so_with_the_servers_words(string name)
    {
        var probe = SqlServerProbes.All.Single(p => p.Name == name);
        foreach (var (number, message) in new[]
                 {
                     (208, "Invalid object name 'x'."), (229, "The SELECT permission was denied on the object 'x'."),
                     (300, "VIEW SERVER STATE permission was denied on object 'server', database 'master'."),
                     (102, "Incorrect syntax near 'CAST'."),
                 })
        {
            var log = new SqlServerProbeLog();
            Assert.True(log.Refused(probe, [(number, message)], "dbo.a"));
            Assert.True(log.Refused(probe, [(number, message)], "dbo.b"));
            var unavailable = Assert.Single(log.Unavailable);
            Assert.Equal((probe.Name, probe.Reads, probe.Fallback, number, message),
                (unavailable.Probe, unavailable.Reads, unavailable.Fallback, unavailable.ErrorNumber, unavailable.ServerMessage));
            Assert.Equal(["dbo.a", "dbo.b"], unavailable.Tables);
        }
        foreach (var (number, message) in new[]
                 { (1205, "deadlocked"), (-2, "Execution Timeout Expired."), (4060, "Cannot open database") })
        {
            var log = new SqlServerProbeLog();
            Assert.False(log.Refused(probe, [(number, message)]));
            Assert.Empty(log.Unavailable);
        }
    }

    [Fact]
    public void Probes_name_what_they_read_the_grant_they_need_and_their_fallback()
    {
        Assert.Equal(SqlServerProbes.All.Count, SqlServerProbes.All.Select(p => p.Name).Distinct().Count());
        Assert.All(SqlServerProbes.All,
            p => Assert.All(new[] { p.Reads, p.Grant, p.Fallback }, text => Assert.False(string.IsNullOrWhiteSpace(text))));
        Assert.Contains("NTILE", SqlServerProbes.Histograms.Fallback);
        Assert.Contains("COUNT_BIG", SqlServerProbes.RowCounts.Fallback);
        Assert.Contains("%%physloc%%", SqlServerProbes.PageLocator.Reads);
        Assert.Contains("VIEW SERVER STATE", SqlServerProbes.HeavyQueries.Grant);
        Assert.Contains("VIEW DATABASE STATE", SqlServerProbes.LogPosition.Grant);
    }

    [Fact]
    public void A_refused_basic_catalog_view_is_an_error_that_names_it_and_the_grant()
    {
        var message = SqlServerCatalogReader.RequiredCatalogMessage("sys.indexes, sys.index_columns", ServerRefusal.Denied, 229,
            "The SELECT permission was denied on the object 'indexes', database 'mssqlsystemresource', schema 'sys'.");
        Assert.Contains(
            "sys.indexes, sys.index_columns cannot be read (permission denied; server error 229: The SELECT permission was denied",
            message);
        Assert.Contains("VIEW DEFINITION", message);
    }

    [Fact]
    public void Without_a_page_locator_a_key_whose_leading_column_orders_exactly_still_splits_the_table()
    {
        static SqlServerColumn Col(string name, string type) => new() { Name = name, SourceType = type, Nullable = false };
        var columns = new[] { Col("region", "int"), Col("code", "nvarchar"), Col("note", "nvarchar") };
        var composite = new TableInfo { Name = new("dbo", "t"), Columns = [], PrimaryKey = new("pk", ["region", "code"]) };
        Assert.Null(SqlServerChunkPlanner.ChunkKey(composite, columns));
        Assert.Equal("region", SqlServerChunkPlanner.LeadingKeyColumn(composite, columns)?.Name);
        var textKey = composite with { PrimaryKey = new("pk", ["code"]) };
        Assert.Null(SqlServerChunkPlanner.LeadingKeyColumn(textKey, columns));
        var heap = composite with { PrimaryKey = null };
        Assert.Null(SqlServerChunkPlanner.LeadingKeyColumn(heap, columns));
        var unique = heap with { UniqueKeys = [new("uq", ["region", "note"])] };
        Assert.Equal("region", SqlServerChunkPlanner.LeadingKeyColumn(unique, columns)?.Name);
    }

    [Fact]
    public void Reports_list_each_unavailable_probe_once_with_its_tables()
    {
        var histogram = SqlServerProbes.Histograms.Unavailable(
            229, "The SELECT permission was denied on the object 'stats_columns'.", "dbo.a");
        var merged = UnavailableProbe.Merge([histogram],
            [histogram with { Tables = ["dbo.b"] }, SqlServerProbes.Dbts.Unavailable(195, "'@@DBTS' is not supported.")]);
        Assert.Equal(["histograms", "@@DBTS"], merged.Select(p => p.Probe));
        Assert.Equal(["dbo.a", "dbo.b"], merged[0].Tables);

        var report = new MigrationReport
        {
            MigrationId = "m1", SourceDialect = "sqlserver",
            ConsistentAsOf = new SourcePosition("sqlserver-clock", "2024-01-01T00:00:00", DateTime.UtcNow),
            Tables = [], UnavailableProbes = merged,
        };
        var markdown = ReportMarkdown.Render(report);
        Assert.Contains("## Source probes not available (2)", markdown);
        Assert.Contains(
            "- histograms (sys.dm_db_stats_histogram, sys.stats_columns): " +
            "integer-key chunk boundaries cost one NTILE scan over the key [dbo.a, dbo.b]. " +
            "Server error 229: The SELECT permission was denied on the object 'stats_columns'.", markdown);
        var assessment = new Orchestrator.Core.Assessment.SourceAssessment
        {
            Dialect = "sqlserver", Database = "legacy", ServerVersion = "16.0", Position = report.ConsistentAsOf,
            Tables = [], TargetDdl = "",
            UnavailableProbes = merged,
        };
        Assert.Contains(
            "| histograms | sys.dm_db_stats_histogram, sys.stats_columns | " +
            "integer-key chunk boundaries cost one NTILE scan over the key (dbo.a, dbo.b) | " +
            "229: The SELECT permission was denied on the object &#39;stats_columns&#39;. |",
            Orchestrator.Core.Assessment.AssessmentMarkdown.Render(assessment));
        var html = Orchestrator.Core.Assessment.Html.AssessmentHtml.Render(assessment);
        Assert.Contains("<section id=\"probes\"><h2>Source probes not available</h2>\n<table>", html);
        Assert.Contains("<td>195: &#39;@@DBTS&#39; is not supported.</td>", html);
        Assert.Contains("None: every optional probe answered.",
            Orchestrator.Core.Assessment.Html.AssessmentHtml.Render(assessment with { UnavailableProbes = [] }));

        var json = System.Text.Json.JsonSerializer.Serialize(report, Orchestrator.Core.Spec.SpecLoader.JsonOptions);
        Assert.Equal(merged,
            System.Text.Json.JsonSerializer.Deserialize<MigrationReport>(json, Orchestrator.Core.Spec.SpecLoader.JsonOptions)!
                .UnavailableProbes,
            (x, y) => x.ToString() == y.ToString());
    }
}
