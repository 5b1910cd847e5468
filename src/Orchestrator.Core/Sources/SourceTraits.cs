using System.Text.RegularExpressions;
using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Assessment.Types;

namespace Orchestrator.Core.Sources;

/// <summary>
/// What the migration knows of a source dialect without a connection: how its names become target names, what its
/// reader converts, what sync and rollback it allows, what the assessment flags. Each dialect's project holds its own;
/// the engine's SourceDialects finds them by the spec's source.dialect and hands them to the code here.
/// </summary>
public sealed record SourceTraits
{
    /// <summary>The name a spec gives it (source.dialect).</summary>
    public required string Dialect { get; init; }

    /// <summary>
    /// Its names and definitions are PostgreSQL's already: kept exactly unless the spec says otherwise, never folded to
    /// lower case.
    /// </summary>
    public required bool KeepsNames { get; init; }

    /// <summary>A name plain there may be reserved in PostgreSQL, so the naming reports the ones that are.</summary>
    public required bool ReservedWordsDiffer { get; init; }

    /// <summary>Its chunk SELECT converts a column to an overridden type; else only overrides that keep the values are allowed.</summary>
    public required bool ConvertsInSelect { get; init; }

    /// <summary>After cutover the new database's changes can be synced back to it, so a rollback keeps them.</summary>
    public required bool ReverseSync { get; init; }

    /// <summary>Its driver never blocks a thread in async I/O, so the CLI may run socket completions inline.</summary>
    public required bool AsyncThroughout { get; init; }

    /// <summary>What its driver puts before a parameter's name when binding by name.</summary>
    public string ParameterPrefix { get; init; } = "";

    /// <summary>Declared types whose values are stored out of row; null when every text type is unbounded (found by size).</summary>
    public Regex? LargeObjectTypes { get; init; }

    /// <summary>The declared types the type mapping cannot carry exactly.</summary>
    public IReadOnlyList<TypeRisk> TypeRisks { get; init; } = [];

    /// <summary>Its own advice for an object where the general advice does not fit, else null.</summary>
    public Func<SourceObject, string?> ConversionHint { get; init; } = _ => null;
}
