using System.Text.RegularExpressions;

namespace Orchestrator.Core.Assessment.Objects;

/// <summary>
/// Grades an object as AWS SCT and ora2pg do: the kind gives a base class (a view is simple, procedural code medium, a
/// package significant) and constructs found in its code raise it. The findings name each construct, so the grade can
/// be checked by reading the object.
/// </summary>
public static partial class EffortGrading
{
    sealed record Construct(string Finding, string Effort, Regex Pattern);

    // Significant: no direct PostgreSQL equivalent, the logic must be redesigned or emulated.
    // Medium: translated by hand but one to one (function names, outer-join syntax, row limits).
    static readonly Construct[] Constructs =
    [
        new("dynamic SQL", EffortClass.Significant, DynamicSql()),
        new("cursor", EffortClass.Significant, Cursor()),
        new("CONNECT BY hierarchy", EffortClass.Significant, ConnectBy()),
        new("MERGE", EffortClass.Significant, Merge()),
        new("autonomous transaction", EffortClass.Significant, Autonomous()),
        new("bulk collect / FORALL", EffortClass.Significant, Bulk()),
        new("GOTO", EffortClass.Significant, Goto()),
        new("system package (DBMS_*/UTL_*)", EffortClass.Significant, SystemPackage()),
        new("linked server / external call", EffortClass.Significant, External()),
        new("Oracle outer join (+)", EffortClass.Medium, OuterJoinPlus()),
        new("DECODE/NVL/ROWNUM", EffortClass.Medium, OracleFunctions()),
        new("TOP/ISNULL/GETDATE/IIF", EffortClass.Medium, SqlServerFunctions()),
        new("temporary table", EffortClass.Medium, TempTable()),
        new("exception handling", EffortClass.Medium, ExceptionHandling()),
    ];

    public static ObjectAssessment Assess(SourceObject o, Sources.SourceTraits source)
    {
        var effort = BaseEffort(o);
        var findings = new List<string>();
        if (!string.IsNullOrEmpty(o.Definition) && o.Kind is not (ObjectKinds.Sequence or ObjectKinds.Synonym))
            foreach (var c in Constructs.Where(c => c.Pattern.IsMatch(o.Definition)))
            {
                findings.Add(c.Finding);
                if (EffortClass.Rank(c.Effort) > EffortClass.Rank(effort)) effort = c.Effort;
            }
        return new ObjectAssessment(o.Kind, o.Schema, o.Name, o.Table, effort, ConversionHints.For(o, source), findings);
    }

    static string BaseEffort(SourceObject o) => o.Kind switch
    {
        ObjectKinds.View or ObjectKinds.Sequence or ObjectKinds.Synonym or ObjectKinds.Type => EffortClass.Simple,
        ObjectKinds.MaterializedView => EffortClass.Medium,
        // A function written in plain SQL carries over as a statement; procedural code is translated by hand.
        ObjectKinds.Function when IsPlainSql(o.Language) => EffortClass.Simple,
        ObjectKinds.Package => EffortClass.Significant,
        _ => EffortClass.Medium,
    };

    static bool IsPlainSql(string? language) => string.Equals(language, "sql", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\bEXECUTE\s+IMMEDIATE\b|\bEXECUTE\s+format\s*\(|\bEXECUTE\s+'|\bEXECUTE\s+[a-z_]+\s*(;|\|\||USING)|" +
        @"\bsp_executesql\b|\bEXEC(UTE)?\s*\(|\bDBMS_SQL\b", RegexOptions.IgnoreCase)]
    private static partial Regex DynamicSql();
    [GeneratedRegex(@"\bCURSOR\b|\bOPEN\s+\w+\s+FOR\b|\bFETCH\s+(NEXT\s+FROM\s+)?\w+\s+INTO\b|\bREFCURSOR\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cursor();
    [GeneratedRegex(@"\bCONNECT\s+BY\b|\bSTART\s+WITH\b.*\bPRIOR\b", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ConnectBy();
    [GeneratedRegex(@"\bMERGE\s+INTO\b|\bMERGE\s+\w+(\.\w+)?\s+(AS\s+)?\w*\s*USING\b", RegexOptions.IgnoreCase)]
    private static partial Regex Merge();
    [GeneratedRegex(@"\bPRAGMA\s+AUTONOMOUS_TRANSACTION\b", RegexOptions.IgnoreCase)]
    private static partial Regex Autonomous();
    [GeneratedRegex(@"\bBULK\s+COLLECT\b|\bFORALL\b", RegexOptions.IgnoreCase)]
    private static partial Regex Bulk();
    [GeneratedRegex(@"\bGOTO\b", RegexOptions.IgnoreCase)]
    private static partial Regex Goto();
    [GeneratedRegex(@"\b(DBMS|UTL)_[A-Z_]+\s*\.", RegexOptions.IgnoreCase)]
    private static partial Regex SystemPackage();
    [GeneratedRegex(@"\bOPENQUERY\b|\bOPENROWSET\b|\bxp_cmdshell\b|\bsp_OA\w+|\bdblink\b", RegexOptions.IgnoreCase)]
    private static partial Regex External();
    [GeneratedRegex(@"\(\+\)")]
    private static partial Regex OuterJoinPlus();
    [GeneratedRegex(@"\bDECODE\s*\(|\bNVL2?\s*\(|\bROWNUM\b|\bSYSDATE\b", RegexOptions.IgnoreCase)]
    private static partial Regex OracleFunctions();
    [GeneratedRegex(@"\bSELECT\s+TOP\b|\bISNULL\s*\(|\bGETDATE\s*\(|\bIIF\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex SqlServerFunctions();
    [GeneratedRegex(@"#\w+|\bGLOBAL\s+TEMPORARY\b|\bCREATE\s+TEMP(ORARY)?\s+TABLE\b", RegexOptions.IgnoreCase)]
    private static partial Regex TempTable();
    [GeneratedRegex(@"\bEXCEPTION\s+WHEN\b|\bBEGIN\s+TRY\b|\bRAISERROR\b|\bTHROW\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExceptionHandling();
}
