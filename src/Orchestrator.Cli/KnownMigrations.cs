namespace Orchestrator.Cli;

/// <summary>
/// The spec file each migration ran with, kept per user (XDG_STATE_HOME/migrator, else ~/.local/state/migrator), so
/// `migrator status --id ID` finds its connections without --spec. Only the path is kept, never the spec's content.
/// </summary>
static class KnownMigrations
{
    static string Directory()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "migrator", "migrations");
    }

    public static void Remember(string migrationId, string specPath)
    {
        try
        {
            var directory = Directory();
            System.IO.Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, migrationId + ".spec"), Path.GetFullPath(specPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // status then needs --spec
    }

    public static string? SpecOf(string migrationId)
    {
        var file = Path.Combine(Directory(), migrationId + ".spec");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }
}
