using System.Text.RegularExpressions;
using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Assessment.Types;

/// <summary>
/// The source types the type mapping cannot carry exactly (each dialect's <see cref="Sources.SourceTraits.TypeRisks"/>;
/// docs/type-mapping.md says how each is mapped), matched on the type as the source declares it, plus decimals without
/// precision that a scan proved to be integers.
/// </summary>
public static partial class TypeFindings
{
    public static IReadOnlyList<TypeFinding> For(Sources.SourceTraits source, TableInfo table, IReadOnlyList<ColumnProfile> profiles)
    {
        var findings = new List<TypeFinding>();
        foreach (var p in profiles)
        {
            var target = table.Columns.FirstOrDefault(c => c.Name == p.Column)?.DataType ?? "(not carried)";
            var declared = p.SourceType.Trim().ToLowerInvariant();
            foreach (var risk in source.TypeRisks.Where(r => r.SourceType.IsMatch(declared)))
                findings.Add(new(table.Name.ToString(), p.Column, p.SourceType, target, risk.Severity, risk.Reason, risk.Fallback));
            if (UnboundedDecimal().IsMatch(declared) && Narrowing(p) is var (reason, fallback))
                findings.Add(new(table.Name.ToString(), p.Column, p.SourceType, target, TypeSeverity.Narrowable, reason, fallback));
        }
        return findings;
    }

    // Mapping NUMBER without precision to bigint without proof is ora2pg's known failure (#767): narrow only on a scan.
    static (string Reason, string Fallback)? Narrowing(ColumnProfile p) => (p.IntegerOnly, p.Basis == ProfileBasis.Scan) switch
    {
        (true, true) => ("every value is an integer in bigint range (scan of all rows)", "bigint"),
        (false, true) => null,
        _ => ("declared without precision; run `migrator assess --scan` to prove whether it holds only integers", "numeric (as planned)"),
    };

    [GeneratedRegex(@"^(numeric|decimal|number)$")] private static partial Regex UnboundedDecimal();
}
