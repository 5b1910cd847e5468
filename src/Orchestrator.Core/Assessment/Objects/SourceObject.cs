namespace Orchestrator.Core.Assessment.Objects;

/// <summary>
/// An object that is not table data, as the source describes it. Definition is only read to grade the effort; it
/// is not written to the assessment (it can be long, and literals in it can be sensitive).
/// </summary>
public sealed record SourceObject(string Kind, string Schema, string Name, string? Table = null, string? Language = null,
    string? Definition = null);

/// <summary>The kinds of object the assessment lists, in the words used by every dialect.</summary>
public static class ObjectKinds
{
    public const string View = "view";
    public const string MaterializedView = "materialized view";
    public const string Procedure = "procedure";
    public const string Function = "function";
    public const string Trigger = "trigger";
    public const string Package = "package";
    public const string Synonym = "synonym";
    public const string Sequence = "sequence";
    public const string Job = "job";
    public const string Type = "type";
}
