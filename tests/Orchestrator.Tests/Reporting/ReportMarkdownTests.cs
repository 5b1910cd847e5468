using Orchestrator.Core.Catalog;
using Orchestrator.Core.Reporting;

namespace Orchestrator.Tests.Reporting;

public class ReportMarkdownTests
{
    [Fact]
    public void Schema_findings_have_their_own_section()
    {
        var report = new MigrationReport
        {
            MigrationId = "m1",
            SourceDialect = "sqlserver",
            ConsistentAsOf = new SourcePosition("sqlserver-ct-version", "7", DateTime.UnixEpoch),
            Tables = [],
            SchemaFindings = [new ConversionFinding("dbo.Orders check CK_Code", "check", "(len([Code])>(2)) has no PostgreSQL translation; not created")],
        };
        var markdown = ReportMarkdown.Render(report);
        Assert.Contains("## Schema conversion (1 findings)", markdown);
        Assert.Contains("- dbo.Orders check CK_Code: (len([Code])>(2)) has no PostgreSQL translation; not created [check]", markdown);
        Assert.DoesNotContain("Schema conversion", ReportMarkdown.Render(report with { SchemaFindings = [] }));
    }
}
