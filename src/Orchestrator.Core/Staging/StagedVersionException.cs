namespace Orchestrator.Core.Staging;

/// <summary>A staged document of another version than this release reads; not retried, since waiting cannot change it.</summary>
public sealed class StagedVersionException(string where, string kind, int? found, int expected) : Exception(
    $"{where}: the {kind} is {(found is null ? "without a version" : $"version {found}")}, and this release reads " +
    $"version {expected}. It was staged by another release of the migrator: start a new migration id, or finish this " +
    "one with the release that started it")
{
    public string Where { get; } = where;
    public int? Found { get; } = found;
    public int Expected { get; } = expected;
}
