using System.Text;
using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The spec's graph section on a real migration: Neo4j bulk-import files in the staging store (checked here by
/// parsing them as neo4j-admin would), the same graph as views in the target (walked with a recursive query), and the
/// counts the report validates.
/// </summary>
public class GraphTests
{
    const string Graph = """
        , "graph": {
            "nodes": [ { "table": "care.patient" }, { "table": "care.encounter" }, { "table": "care.diagnosis" } ],
            "edges": [ { "table": "care.encounter_diagnosis", "type": "DIAGNOSED_WITH" } ] } }
        """;

    [Fact]
    public async Task Node_tables_foreign_keys_and_junctions_become_import_files_views_and_validated_counts()
    {
        await using var scenario = await Scenario.CreateAsync("graph", Scenario.Fixture("care_graph.sql"));
        var (target, migrations) = (scenario.Target, scenario.Migrations);
        var spec = migrations.SpecJson(rowsPerChunk: 300).TrimEnd().TrimEnd('}') + Graph;

        var result = await migrations.RunAsync(spec, "graph");
        var dir = Path.Combine(migrations.StagingRoot, "graph", "graph");
        var reportJson = File.ReadAllText(Path.Combine(migrations.StagingRoot, "graph", "report.json"));
        Assert.True(result.Passed, reportJson);

        // One nodes file per label, one relationships file per type, each with its own typed header.
        Assert.Equal(["graph.json", "import.sh", "nodes-Diagnosis.csv", "nodes-Encounter.csv", "nodes-Patient.csv",
            "relationships-DIAGNOSED_WITH.csv", "relationships-PATIENT.csv", "relationships-REFERRAL.csv"],
            Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var patients = Read(dir, "nodes-Patient.csv");
        Assert.Equal(":ID(Patient),id:long,name:string,born:date,active:boolean,notes:string,:LABEL", patients.Header);
        Assert.Equal(200, patients.Rows.Count);
        Assert.Equal(["7", "7", "Patient 7", "1951-11-11", "true", "first line\\nsecond, \"quoted\" line\\r\\nthird", "Patient"],
            patients.Rows.Single(r => r[0] == "7"));
        Assert.Equal(["8", "8", "O'Brien, \"Bob\"", "1952-02-16", "true", "note 8", "Patient"], patients.Rows.Single(r => r[0] == "8"));
        Assert.Equal("", patients.Rows.Single(r => r[0] == "10")[5]); // NULL: no property
        Assert.Equal(":ID(Encounter),id:long,at:datetime,cost:string,:LABEL", Read(dir, "nodes-Encounter.csv").Header);
        Assert.Equal("2024-01-01T11:00:00+00:00", Read(dir, "nodes-Encounter.csv").Rows.Single(r => r[0] == "1")[2]);

        var byPatient = Read(dir, "relationships-PATIENT.csv");
        Assert.Equal(":START_ID(Encounter),:END_ID(Patient),:TYPE", byPatient.Header);
        Assert.Equal(980, byPatient.Rows.Count); // every 50th encounter has no patient: no edge
        var diagnosed = Read(dir, "relationships-DIAGNOSED_WITH.csv");
        Assert.Equal(":START_ID(Encounter),:END_ID(Diagnosis),:TYPE,rank:long", diagnosed.Header);
        Assert.Equal(1750, diagnosed.Rows.Count);
        var referrals = Read(dir, "relationships-REFERRAL.csv"); // inferred: a junction of two foreign keys to patient
        Assert.Equal(":START_ID(Patient),:END_ID(Patient),:TYPE,id:long,reason:string", referrals.Header);
        Assert.Equal(107, referrals.Rows.Count);

        // Every edge's ends are among the nodes of their label, in the files themselves.
        var ids = new[] { "Patient", "Encounter", "Diagnosis" }
            .ToDictionary(l => l, l => Read(dir, $"nodes-{l}.csv").Rows.Select(r => r[0]).ToHashSet());
        foreach (var file in new[] { byPatient, diagnosed, referrals })
        {
            var (start, end) = (Label(file.Header.Split(',')[0]), Label(file.Header.Split(',')[1]));
            Assert.All(file.Rows, r => Assert.True(ids[start].Contains(r[0]) && ids[end].Contains(r[1]), string.Join(",", r)));
        }
        var script = File.ReadAllText(Path.Combine(dir, "import.sh"));
        Assert.Contains(
            "neo4j-admin database import full --nodes=nodes-Patient.csv --nodes=nodes-Encounter.csv --nodes=nodes-Diagnosis.csv " +
            "--relationships=relationships-DIAGNOSED_WITH.csv --relationships=relationships-PATIENT.csv " +
            "--relationships=relationships-REFERRAL.csv \"${1:-neo4j}\"", script);

        // The report's counts.
        using (var report = JsonDocument.Parse(reportJson))
        {
            var graph = report.RootElement.GetProperty("graph");
            Assert.Equal(["Patient 200/200", "Encounter 1000/1000", "Diagnosis 30/30"], graph.GetProperty("labels").EnumerateArray()
                .Select(l =>
                    $"{l.GetProperty("label").GetString()} {l.GetProperty("nodes").GetInt64()}/{l.GetProperty("rows").GetInt64()}"));
            Assert.Equal(["DIAGNOSED_WITH 1750/1750/0", "PATIENT 980/980/0", "REFERRAL 107/107/0"],
                graph.GetProperty("types").EnumerateArray()
                .Select(t => $"{t.GetProperty("type").GetString()} {t.GetProperty("edges").GetInt64()}/" +
                    $"{t.GetProperty("expected").GetInt64()}/{t.GetProperty("dangling").GetInt64()}"));
        }
        Assert.Contains("## Graph: counts match", File.ReadAllText(Path.Combine(migrations.StagingRoot, "graph", "report.md")));

        // The same graph in PostgreSQL: patient 7's encounters and their diagnoses, by a recursive walk over the edges.
        var paths = await target.StringsAsync("""
            WITH RECURSIVE walk(label, id, depth, path) AS (
                SELECT label, id, 0, ARRAY[label || ':' || id] FROM graph.nodes WHERE label = 'Patient' AND id = '7'
              UNION ALL
                SELECT n.label, n.id, w.depth + 1, w.path || (n.label || ':' || n.id)
                FROM walk w JOIN LATERAL (
                    SELECT e.start_label AS label, e.start_id AS id FROM graph.edges e WHERE e.end_label = w.label AND e.end_id = w.id
                    UNION ALL
                    SELECT e.end_label, e.end_id FROM graph.edges e WHERE e.start_label = w.label AND e.start_id = w.id) AS n ON true
                WHERE w.depth < 2 AND NOT (n.label || ':' || n.id) = ANY (w.path))
            SELECT array_to_string(path, ' > ') FROM walk WHERE depth = 2 AND path[2] LIKE 'Encounter:%' AND label = 'Diagnosis' ORDER BY 1
            """);
        var expected = await target.StringsAsync("""
            SELECT 'Patient:7 > Encounter:' || e.id || ' > Diagnosis:' || d.code
            FROM care.encounter e JOIN care.encounter_diagnosis d ON d.encounter_id = e.id
            WHERE e.patient_id = 7 ORDER BY 1
            """);
        Assert.Equal(10, expected.Count);
        Assert.Equal(expected, paths);
        // The views hold the values themselves (the files escape line breaks, the views need not).
        Assert.Equal("first line\nsecond, \"quoted\" line\r\nthird|1951-11-11|true",
            await target.ScalarAsync<string>("SELECT concat_ws('|', properties->>'notes', properties->>'born', properties->>'active') " +
                "FROM graph.nodes WHERE label = 'Patient' AND id = '7'"));

        // A rerun writes the same files again; through the CLI, whose socket continuations run inline on the epoll thread.
        var before = Directory.GetFiles(dir, "*.csv").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        var rerun = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(spec), "--id", "graph");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(before, Directory.GetFiles(dir, "*.csv").ToDictionary(f => Path.GetFileName(f), File.ReadAllText));
    }

    [Fact]
    public async Task A_graph_section_that_names_what_is_not_there_stops_the_run_before_anything_moves()
    {
        await using var scenario = await Scenario.CreateAsync("graphbad", Scenario.Fixture("care_graph.sql"));
        var migrations = scenario.Migrations;
        var spec = migrations.SpecJson().TrimEnd().TrimEnd('}') + """
            , "graph": {
                "nodes": [
                  { "table": "care.patient" }, { "table": "care.nope" }, { "table": "care.encounter", "properties": ["cost", "colour"] } ],
                "edges": [ { "table": "care.encounter", "foreignKey": "no_such_fk" } ] } }
            """;
        var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(spec), "--id", "graphbad");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("graph.nodes[1].table: care.nope is not among the migrated tables", run.All);
        Assert.Contains("graph.nodes[2].properties: care.encounter has no column colour", run.All);
        Assert.Contains(
            "graph.edges[0].foreignKey: care.encounter has no foreign key no_such_fk (it has encounter_patient_id_fkey)", run.All);
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = 'care'"));
    }

    static string Label(string header) => header[(header.IndexOf('(') + 1)..header.IndexOf(')')];

    /// <summary>A CSV file as neo4j-admin reads it by default: one record per line, "" inside quotes is a quote.</summary>
    static (string Header, List<string[]> Rows) Read(string dir, string file)
    {
        var lines = File.ReadAllText(Path.Combine(dir, file)).Split('\n');
        Assert.Equal("", lines[^1]); // the last record ends its line too
        return (lines[0], lines[1..^1].Select(Fields).ToList());
    }

    static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted && ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(ch);
        }
        Assert.False(quoted, $"unterminated quote in: {line}");
        fields.Add(field.ToString());
        return [.. fields];
    }
}
