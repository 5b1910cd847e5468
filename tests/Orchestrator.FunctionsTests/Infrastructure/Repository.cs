namespace Orchestrator.FunctionsTests.Infrastructure;

static class Repository
{
    /// <summary>The checkout holding host.json, found upwards from the test binaries.</summary>
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "host.json")) && Directory.Exists(Path.Combine(dir.FullName, "infra")))
                return dir.FullName;
        throw new DirectoryNotFoundException("repository root (with host.json and infra/) not found above " + AppContext.BaseDirectory);
    }
}
