using System.Globalization;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The hosts run with ICU, so the process culture follows the machine's locale. Machine-read text (SQL, chunk
/// bounds, digests, manifests, reports' JSON) must not: a migration under a culture with a decimal comma, a Unicode
/// minus sign and non-breaking group separators moves and validates exactly as under the invariant culture.
/// </summary>
public class GlobalizationTests
{
    const string Source = """
        CREATE TABLE readings (id int PRIMARY KEY, amount numeric(12,4), ratio double precision, delta real, at timestamptz, doc jsonb);
        INSERT INTO readings
        SELECT g, g * -1.2345, g / 7.0, -g / 3.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1.5 second',
               jsonb_build_object('v', g * -0.5)
          FROM generate_series(-2000, 2000) g;
        """;

    [Theory]
    [InlineData("sv_SE.UTF-8")]
    [InlineData("de_DE.UTF-8")]
    public async Task A_migration_under_a_foreign_locale_validates(string locale)
    {
        await using var scenario = await Scenario.CreateAsync("culture", Source);
        var migrations = scenario.Migrations;
        migrations.Environment["LC_ALL"] = locale;
        migrations.Environment["LANG"] = locale;

        var run = await migrations.RunCliAsync(
            "migrate", "--spec", migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 500)), "--id", "culture");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PASSED", run.Stdout);
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
    }

    [Fact]
    public void The_locales_are_real_cultures_here()
    {
        Assert.Equal("\u2212", CultureInfo.GetCultureInfo("sv-SE").NumberFormat.NegativeSign);
        Assert.Equal(",", CultureInfo.GetCultureInfo("de-DE").NumberFormat.NumberDecimalSeparator);
    }
}
