using System.Text;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.Spec;

/// <summary>Checks target.identifierCase and the overrides array; each problem names its JSON path.</summary>
public static partial class NamingSpecValidator
{
    /// <summary>PostgreSQL truncates longer identifiers silently; a spec name must fit.</summary>
    public const int MaxIdentifierBytes = 63;

    public static void Validate(MigrationSpec spec, Sources.SourceTraits? source, List<string> problems)
    {
        if (spec.Target.IdentifierCase is { } identifierCase)
        {
            if (!IdentifierCase.Choices.Contains(identifierCase))
                problems.Add($"target.identifierCase: '{identifierCase}' is not one of {string.Join(", ", IdentifierCase.Choices)}");
            else if (identifierCase == IdentifierCase.Lower && source is { KeepsNames: true })
                problems.Add("target.identifierCase: a postgres source keeps its names exactly (its definitions are PostgreSQL " +
                    "already); rename tables and columns with overrides");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Overrides.Count; i++)
        {
            var o = spec.Overrides[i];
            var path = $"overrides[{i}]";
            if (string.IsNullOrWhiteSpace(o.Table) || !o.Table.Contains('.'))
                problems.Add($"{path}.table: '{o.Table}' must name a source table as schema.table");
            else if (!seen.Add(o.Table))
                problems.Add($"{path}.table: {o.Table} is overridden twice; merge the entries");
            CheckName(o.Schema, $"{path}.schema", problems);
            CheckName(o.Name, $"{path}.name", problems);
            foreach (var (column, c) in o.Columns)
            {
                CheckName(c.Name, $"{path}.columns.{column}.name", problems);
                if (c.Type is not null && !TypeName().IsMatch(c.Type))
                    problems.Add($"{path}.columns.{column}.type: '{c.Type}' is not a PostgreSQL type name such as text, numeric(12,2), " +
                        "timestamp(3) with time zone or integer[]");
                if (c.Name is null && c.Type is null)
                    problems.Add($"{path}.columns.{column}: give a name, a type or both");
            }
        }
    }

    static void CheckName(string? name, string path, List<string> problems)
    {
        if (name is null) return;
        if (name.Length == 0 || name.Contains('\0')) problems.Add($"{path}: must be a non-empty name without NUL characters");
        else if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
            problems.Add($"{path}: '{name}' is longer than PostgreSQL's {MaxIdentifierBytes} bytes");
    }

    // Type names only: no quotes, semicolons or expressions reach the DDL or the source SELECT's cast.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?( [A-Za-z_][A-Za-z0-9_]*)*\s*(\(\s*\d+\s*(,\s*-?\d+\s*)?\))?( " +
        @"with(out)? time zone)?(\[\])*$", RegexOptions.IgnoreCase)]
    private static partial Regex TypeName();
}
