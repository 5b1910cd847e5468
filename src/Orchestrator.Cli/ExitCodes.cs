namespace Orchestrator.Cli;

/// <summary>The exit codes scripts rely on; every command shares them, so success is not named for one command.</summary>
static class ExitCodes
{
    public const int Success = 0;
    public const int ValidationDifferences = 1;
    public const int BadInput = 2;
    public const int RuntimeFailure = 3;
}
