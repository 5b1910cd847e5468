namespace Orchestrator.Core.Sources.Ado;

/// <summary>How a value read from an ADO.NET source becomes a PostgreSQL binary COPY field of its target type.</summary>
public enum ValueEncoding
{
    Boolean, Int16, Int32, Int64, Float4, Float8, Numeric,
    Text, Bytea,
    Date, Timestamp, TimestampTz, Time, TimeTz, Interval,
    Uuid, Json, Jsonb, Xml, Vector,
}

/// <summary>
/// A source column and what it becomes: the PostgreSQL type, how its values are encoded, and whether the mapping
/// can lose information (with the reason, for the assessment and docs/type-mapping.md).
/// </summary>
public sealed record ColumnMapping(string TargetType, ValueEncoding Encoding, int? Scale = null, string? LossNote = null)
{
    public bool Lossy => LossNote is not null;
}
