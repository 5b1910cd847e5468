namespace Orchestrator.FunctionsTests.Infrastructure;

/// <summary>The servers eng/test starts; a test that needs one reports itself skipped, with the reason, without it.</summary>
static class TestServers
{
    public static string Postgres => Require("ORCH_TEST_PG", "an Npgsql superuser connection string");

    public static string Blob => Require("ORCH_TEST_BLOB", "the Azurite blob connection string");

    public static string Storage => Require("ORCH_TEST_STORAGE", "the connection string of an Azurite with blob, queue and table services");

    static string Require(string name, string what)
    {
        if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) return value;
        Assert.Skip($"{name} is not set ({what}): run through eng/test");
        return null!;
    }
}
