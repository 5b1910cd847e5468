using System.Text.RegularExpressions;

namespace Orchestrator.Core.Assessment.Profiles;

/// <summary>Which source types hold large values (stored out of row, streamed by the migration), in any dialect's spelling.</summary>
public static partial class LargeObjects
{
    public static bool IsLob(string sourceType) => Lob().IsMatch(sourceType.Trim());

    [GeneratedRegex(@"^(text|ntext|image|bytea|json|jsonb|xml|xmltype|clob|nclob|blob|long|long raw|character varying|varchar|nvarchar|varbinary)$|\(max\)$", RegexOptions.IgnoreCase)]
    private static partial Regex Lob();
}
