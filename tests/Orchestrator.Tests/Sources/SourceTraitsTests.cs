using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Sources.SqlServer;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Sync;

namespace Orchestrator.Tests.Sources;

/// <summary>Each dialect's traits are what the engine decided by comparing dialect names before they moved into the dialects.</summary>
public class SourceTraitsTests
{
    [Theory]
    [InlineData("postgres", true, false, true, true, true, "")]
    [InlineData("sqlserver", false, true, false, false, false, "@")]
    [InlineData("oracle", false, true, false, false, false, "")]
    public void Each_dialect_keeps_the_behaviour_of_its_old_name_checks(string dialect, bool keepsNames, bool reservedWordsDiffer,
        bool convertsInSelect, bool reverseSync, bool asyncThroughout, string parameterPrefix)
    {
        var traits = SourceDialects.Traits[dialect];
        Assert.Equal(dialect, traits.Dialect);
        Assert.Equal((keepsNames, reservedWordsDiffer, convertsInSelect, reverseSync, asyncThroughout, parameterPrefix),
            (traits.KeepsNames, traits.ReservedWordsDiffer, traits.ConvertsInSelect, traits.ReverseSync, traits.AsyncThroughout,
                traits.ParameterPrefix));
    }

    [Fact]
    public void Every_dialect_a_spec_may_name_has_traits()
    {
        Assert.Equal(SpecValidator.Dialects.Order(), SourceDialects.Traits.Keys.Order());
        var e = Assert.Throws<SpecException>(() => SourceDialects.TraitsOf(new SourceSpec { Dialect = "db2", Connection = "S" }));
        Assert.Contains("source.dialect: unknown dialect 'db2'", e.Message);
    }

    [Theory]
    [InlineData(NulPolicy.Reject, true)]
    [InlineData(NulPolicy.Strip, false)]
    [InlineData(NulPolicy.Fail, false)]
    public void Only_sql_server_rejecting_nuls_passes_them_on_to_the_guard(NulPolicy policy, bool passes) =>
        Assert.Equal(passes, new SqlServerSourceDialect("Server=nowhere", policy).PassesNulCharacters);

    [Fact]
    public void Only_a_legacy_database_that_can_sync_back_is_told_to_roll_back_with_the_reverse_sync()
    {
        Assert.StartsWith("Until cutover the legacy database stayed authoritative and untouched. Since cutover, changes",
            CutoverReport.RollbackFor(SourceDialects.Traits["postgres"], "m1"));
        Assert.Contains("`migrator sync --reverse --spec SPEC --id m1`",
            CutoverReport.RollbackFor(SourceDialects.Traits["postgres"], "m1"));
        Assert.StartsWith("Until cutover the sqlserver legacy database stayed authoritative",
            CutoverReport.RollbackFor(SourceDialects.Traits["sqlserver"], "m1"));
        Assert.StartsWith("Until cutover the oracle legacy database stayed authoritative",
            CutoverReport.RollbackFor(SourceDialects.Traits["oracle"], "m1"));
    }

    [Theory]
    [InlineData("view", "postgres", "recreate as is after the load (pg_dump --schema-only shows its DDL)")]
    [InlineData("function", "postgres", "recreate as is after the load (plpgsql)")]
    [InlineData("trigger", "postgres", "recreate after the load (the migration loads with COPY, so triggers do not fire during it)")]
    [InlineData("materialized view", "postgres",
        "create as a PostgreSQL MATERIALIZED VIEW after the load; schedule REFRESH MATERIALIZED VIEW (pg_cron)")]
    [InlineData("view", "oracle", "rewrite the SELECT in PostgreSQL SQL and create the view after the load")]
    [InlineData("trigger", "sqlserver", "translate to a PL/pgSQL trigger function plus CREATE TRIGGER; create it after the load")]
    public void A_postgres_source_recreates_its_code_as_is_the_others_translate_it(string kind, string dialect, string hint) =>
        Assert.Equal(hint, ConversionHints.For(new SourceObject(kind, "s", "o", Language: "plpgsql"), SourceDialects.Traits[dialect]));
}
