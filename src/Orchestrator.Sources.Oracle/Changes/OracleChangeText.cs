namespace Orchestrator.Core.Sources.Oracle.Changes;

/// <summary>
/// What LogMiner's MINE_VALUE returns (under the fixed NLS formats of <see cref="OracleChangeQueries.SessionSettings"/>)
/// as PostgreSQL's text of the mapped type. Types without a faithful text form here are not synced.
/// </summary>
public static class OracleChangeText
{
    static readonly HashSet<string> Carried = new(StringComparer.Ordinal)
        { "NUMBER", "FLOAT", "INTEGER", "BINARY_FLOAT", "BINARY_DOUBLE", "VARCHAR2", "NVARCHAR2", "CHAR", "NCHAR", "DATE", "RAW" };

    /// <summary>Whether changes can carry a column of this Oracle type (LOBs, LONG, XMLType, time zones and intervals cannot).</summary>
    public static bool Carries(string oracleType) => Carried.Contains(oracleType) || IsTimestamp(oracleType);

    static bool IsTimestamp(string oracleType)
        => oracleType.StartsWith("TIMESTAMP(", StringComparison.Ordinal) && !oracleType.Contains("ZONE", StringComparison.Ordinal);

    public static string? ToPostgres(string? mined, string oracleType, int? scale) => mined is null ? null : oracleType switch
    {
        "NUMBER" or "FLOAT" or "INTEGER" => OracleValueText.PgNumeric(mined, scale is > 0 ? scale : null),
        "BINARY_FLOAT" or "BINARY_DOUBLE" => mined.Trim() switch
        {
            "Inf" or "INF" => "Infinity",
            "-Inf" or "-INF" => "-Infinity",
            "Nan" or "NAN" or "NaN" => "NaN",
            var number => number,
        },
        "DATE" => OracleValueText.PgTimestamp(mined, withZone: false),
        "RAW" => "\\x" + mined.Trim().ToLowerInvariant(),
        _ when IsTimestamp(oracleType) => OracleValueText.PgTimestamp(mined, withZone: false),
        _ => mined,
    };
}
