using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Sources.Postgres;

namespace Orchestrator.Tests.Assessment;

public class EffortGradingTests
{
    static ObjectAssessment Grade(string kind, string? definition, string? language = null, string dialect = "oracle") =>
        EffortGrading.Assess(new SourceObject(kind, "s", "o", null, language, definition), SourceDialects.Traits[dialect]);

    [Theory]
    [InlineData("view", "SELECT id, name FROM s.t WHERE id > 0", null, "simple")]
    [InlineData("sequence", null, null, "simple")]
    [InlineData("synonym", "OTHER.T", null, "simple")]
    [InlineData("function", "SELECT n + 1", "sql", "simple")]
    [InlineData("function", "BEGIN RETURN n + 1; END", "plpgsql", "medium")]
    [InlineData("procedure", "BEGIN UPDATE t SET a = 1; END;", "plsql", "medium")]
    [InlineData("trigger", "BEGIN :NEW.updated := 1; END;", "plsql", "medium")]
    [InlineData("job", "BEGIN purge; END;", "plsql", "medium")]
    [InlineData("materialized view", "SELECT count(*) FROM t", "sql", "medium")]
    [InlineData("package", "PROCEDURE p; END;", "plsql", "significant")]
    public void The_kind_gives_the_base_class(string kind, string? definition, string? language, string effort) =>
        Assert.Equal(effort, Grade(kind, definition, language).Effort);

    [Theory]
    [InlineData("BEGIN EXECUTE IMMEDIATE 'DROP TABLE ' || t; END;", "dynamic SQL")]
    [InlineData("BEGIN EXECUTE format('SELECT count(*) FROM %I', t) INTO n; END", "dynamic SQL")]
    [InlineData("EXEC sp_executesql @sql", "dynamic SQL")]
    [InlineData("DECLARE c CURSOR FOR SELECT 1; BEGIN OPEN c; END", "cursor")]
    [InlineData("SELECT id FROM emp START WITH mgr IS NULL CONNECT BY PRIOR id = mgr", "CONNECT BY hierarchy")]
    [InlineData("MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.a = s.a", "MERGE")]
    [InlineData("PRAGMA AUTONOMOUS_TRANSACTION; BEGIN INSERT INTO log VALUES (1); COMMIT; END;", "autonomous transaction")]
    [InlineData("SELECT id BULK COLLECT INTO ids FROM t; FORALL i IN 1..ids.count DELETE t WHERE id = ids(i);", "bulk collect / FORALL")]
    [InlineData("BEGIN DBMS_OUTPUT.PUT_LINE('x'); END;", "system package (DBMS_*/UTL_*)")]
    public void Constructs_without_a_direct_equivalent_make_any_object_significant(string definition, string finding)
    {
        var graded = Grade("view", definition);
        Assert.Equal("significant", graded.Effort);
        Assert.Contains(finding, graded.Findings);
    }

    [Theory]
    [InlineData("SELECT NVL(a, 0) FROM t", "DECODE/NVL/ROWNUM")]
    [InlineData("SELECT a.x FROM a, b WHERE a.id = b.id(+)", "Oracle outer join (+)")]
    [InlineData("SELECT TOP 10 ISNULL(a, 0) FROM t", "TOP/ISNULL/GETDATE/IIF")]
    public void Dialect_functions_make_a_view_medium(string definition, string finding)
    {
        var graded = Grade("view", definition);
        Assert.Equal("medium", graded.Effort);
        Assert.Equal([finding], graded.Findings);
    }

    [Fact]
    public void A_plain_view_has_no_findings_and_a_hint_per_dialect()
    {
        var pg = Grade("view", "SELECT a FROM t", dialect: "postgres");
        Assert.Empty(pg.Findings);
        Assert.Contains("recreate as is", pg.Hint);
        Assert.Contains("rewrite", Grade("view", "SELECT a FROM t", dialect: "sqlserver").Hint);
    }

    [Fact]
    public void Grade_never_goes_down_and_owned_sequences_name_their_table()
    {
        Assert.Equal("significant", Grade("package", "SELECT NVL(a, 0) FROM t").Effort);
        var owned = EffortGrading.Assess(new SourceObject("sequence", "s", "t_id_seq", "s.t"), PostgresTraits.Instance);
        Assert.Contains("owned by s.t", owned.Hint);
    }
}
