using Npgsql;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// The real servers eng/test starts: PostgreSQL (ORCH_TEST_PG, a superuser connection string) and Azurite
/// (ORCH_TEST_BLOB). Without them these tests say they are skipped, and why.
/// </summary>
static class TestServers
{
    public static string? Postgres => Environment.GetEnvironmentVariable("ORCH_TEST_PG");
    public static string? Blob => Environment.GetEnvironmentVariable("ORCH_TEST_BLOB");

    public static string RequirePostgres()
    {
        if (string.IsNullOrWhiteSpace(Postgres))
            Assert.Skip("ORCH_TEST_PG is not set: run the tests through eng/test, which starts PostgreSQL");
        return Postgres!;
    }

    public static string RequireBlob()
    {
        RequirePostgres();
        if (string.IsNullOrWhiteSpace(Blob))
            Assert.Skip("ORCH_TEST_BLOB is not set: run the tests through eng/test, which starts Azurite");
        return Blob!;
    }

    public static string ForDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(RequirePostgres()) { Database = database, Pooling = false }.ConnectionString;

    public static string Password => new NpgsqlConnectionStringBuilder(RequirePostgres()).Password ?? "";
}
