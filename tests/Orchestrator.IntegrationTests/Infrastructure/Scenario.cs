namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>A source database built from SQL, an empty target, and the runner between them; all removed at the end.</summary>
sealed class Scenario : IAsyncDisposable
{
    public required TestDatabase Source { get; init; }
    public required TestDatabase Target { get; init; }
    public required Migrations Migrations { get; init; }

    public static async Task<Scenario> CreateAsync(string prefix, string sourceSql)
    {
        TestServers.RequirePostgres();
        var source = await TestDatabase.CreateAsync(prefix + "_src");
        var target = await TestDatabase.CreateAsync(prefix + "_dst");
        await source.ExecuteAsync(sourceSql);
        return new Scenario { Source = source, Target = target, Migrations = new Migrations(source, target) };
    }

    public static string Fixture(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file));

    public async ValueTask DisposeAsync()
    {
        Migrations.Dispose();
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
