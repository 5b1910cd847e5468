using Orchestrator.Core.Catalog;
using Orchestrator.Core.Graph;
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
            SchemaFindings =
            [
                new ConversionFinding("dbo.Orders check CK_Code", "check", "(len([Code])>(2)) has no PostgreSQL translation; not created"),
            ],
        };
        var markdown = ReportMarkdown.Render(report);
        Assert.Contains("## Schema conversion (1 findings)", markdown);
        Assert.Contains("- dbo.Orders check CK_Code: (len([Code])>(2)) has no PostgreSQL translation; not created [check]", markdown);
        Assert.DoesNotContain("Schema conversion", ReportMarkdown.Render(report with { SchemaFindings = [] }));
    }

    [Fact]
    public void A_graph_whose_counts_differ_or_whose_edges_dangle_fails_the_migration()
    {
        var graph = new GraphReport("/staging/m1/graph", "graph",
            [new LabelCount("Patient", "care.patient", 200, 200, "nodes-Patient.csv")],
            [
                new EdgeCount("PATIENT", "foreign key encounter_patient_fkey", "care.encounter", "Encounter", "Patient", 980, 980, 0,
                    "relationships-PATIENT.csv"),
            ],
            "neo4j-admin database import full --nodes=nodes-Patient.csv --relationships=relationships-PATIENT.csv neo4j");
        var report = new MigrationReport
        {
            MigrationId = "m1",
            SourceDialect = "postgres",
            ConsistentAsOf = new SourcePosition("lsn", "0/1", DateTime.UnixEpoch),
            Tables = [],
            Graph = graph,
        };
        Assert.True(report.Passed);
        Assert.Contains("## Graph: counts match", ReportMarkdown.Render(report));

        var dangling = report with { Graph = graph with { Types = [graph.Types[0] with { Dangling = 3 }] } };
        Assert.False(dangling.Passed);
        var markdown = ReportMarkdown.Render(dangling);
        Assert.Contains("## Graph: COUNTS DIFFER", markdown);
        Assert.Contains(
            "| PATIENT | Encounter | Patient | care.encounter foreign key encounter_patient_fkey | 980 | 980 | 3 | DIFFER |", markdown);
        Assert.False((report with { Graph = graph with { Labels = [graph.Labels[0] with { Nodes = 199 }] } }).Passed);
    }
}
