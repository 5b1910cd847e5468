namespace Orchestrator.Cli;

/// <summary>The exit codes scripts rely on.</summary>
static class ExitCodes
{
    public const int Migrated = 0;
    public const int ValidationDifferences = 1;
    public const int BadInput = 2;
    public const int RuntimeFailure = 3;
}
