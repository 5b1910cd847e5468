using Orchestrator.Core.Catalog;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shapes;

/// <summary>What a rule makes of a column's type, and the rules a source column cannot follow.</summary>
public static class ColumnShape
{
    public static string TargetType(ColumnRule rule, ColumnInfo column) => rule switch
    {
        { Vector: { } v } => $"{v.Type}({v.Dimensions})",
        { Artifact.Mode: "inline" } => "bytea",
        { Artifact: { } } => "jsonb",
        { Pii.Transform: "null" } => column.DataType,
        { Pii: { } } => "text",
        { Document: { } d } => d.As,
        _ => column.DataType,
    };

    public static TypeFamily TargetFamily(ColumnRule rule, ColumnInfo column) => rule switch
    {
        { Vector: { } } => TypeFamily.Other,
        { Artifact.Mode: "inline" } => TypeFamily.Binary,
        { Artifact: { } } or { Document.As: "jsonb" } => TypeFamily.Json,
        { Document: { } } => TypeFamily.Xml,
        { Pii.Transform: "null" } => column.Family,
        { Pii: { } } => TypeFamily.Text,
        _ => column.Family,
    };

    /// <summary>Why the rule cannot apply to this column (a spec error before anything moves), or null.</summary>
    public static string? Problem(ColumnRule rule, ColumnInfo column, SourceColumn source, string dialect)
    {
        var type = source.DataType;
        var name = $"column {source.Name} ({type})";
        return rule switch
        {
            { Vector.From: "float32le" or "float32be" or "float64le" or "float64be" } when column.Family != TypeFamily.Binary =>
                $"vector.from: {rule.Vector.From} reads binary values, but {name} is not binary",
            { Vector.From: "json" or "csv" } when column.Family is not (TypeFamily.Text or TypeFamily.Json) =>
                $"vector.from: {rule.Vector.From} reads text values, but {name} is not text",
            { Vector.From: "array" } when type is not ("real[]" or "double precision[]") =>
                $"vector.from: array reads real[] or double precision[], but {name} is not",
            { Vector.From: "native" } when !type.StartsWith("vector", StringComparison.Ordinal)
                && !type.StartsWith("halfvec", StringComparison.Ordinal) =>
                $"vector.from: native reads a vector column, but {name} is not one",
            { Artifact: { } } when column.Family != TypeFamily.Binary => $"artifact: {name} is not binary",
            { Document: { } } when column.Family is not (TypeFamily.Text or TypeFamily.Json or TypeFamily.Xml) =>
                $"document: {name} holds neither text nor a document",
            { Document.As: "jsonb" } when column.Family == TypeFamily.Xml => $"document.as: {name} is XML, not JSON",
            { Document.As: "xml" } when column.Family == TypeFamily.Json => $"document.as: {name} is JSON, not XML",
            { Pii: { } } when !column.BinaryPortable
                => $"pii: {name} is a composite or user-type array; transform its fields before the migration",
            _ when !column.BinaryPortable => $"{rule.Kind}: {name} is copied as text, which rules do not reshape",
            _ => null,
        };
    }
}
