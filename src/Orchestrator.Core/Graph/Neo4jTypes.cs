using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Graph;

/// <summary>
/// The Neo4j import type of a target column: numbers, booleans and temporals keep their kind, vectors become float
/// arrays, everything else (numeric too: Neo4j has no exact decimal) its text.
/// </summary>
public static class Neo4jTypes
{
    public static string Of(ColumnInfo column) => column.DataType switch
    {
        "smallint" or "integer" or "bigint" => "long",
        "real" or "double precision" => "double",
        "boolean" => "boolean",
        "date" => "date",
        var t when t.StartsWith("timestamp", StringComparison.Ordinal)
            => t.EndsWith("with time zone", StringComparison.Ordinal) ? "datetime" : "localdatetime",
        var t when t.StartsWith("time", StringComparison.Ordinal)
            => t.EndsWith("with time zone", StringComparison.Ordinal) ? "time" : "localtime",
        var t when t.StartsWith("vector(", StringComparison.Ordinal) || t.StartsWith("halfvec(", StringComparison.Ordinal) => "float[]",
        _ => "string",
    };

    /// <summary>Families a node or edge takes as properties when the spec names none: values, not documents, blobs or vectors.</summary>
    public static bool IsScalar(ColumnInfo column) =>
        column.Family is TypeFamily.Integer or TypeFamily.Decimal or TypeFamily.Float or TypeFamily.Boolean or TypeFamily.Text
            or TypeFamily.Temporal or TypeFamily.Uuid or TypeFamily.Money;
}
