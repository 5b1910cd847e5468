using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Validation;

/// <summary>How a column's aggregates are measured from its binary COPY values.</summary>
public enum StreamMeasure { Int2, Int4, Int8, Float4, Float8, Timestamp, TimestampTz, Date, Time, Boolean, Length, JsonbLength }

/// <summary>A column measured from a read-back stream: its name, its position in the stream's tuples, and how.</summary>
public sealed record MeasuredColumn(string Name, int Field, StreamMeasure Measure);

/// <summary>
/// Which of a table's comparable columns the whole-table read-back measures as it digests them, and which are left
/// to SQL: only built-in types whose binary form and text output are known exactly (<see cref="PostgresTextOutput"/>).
/// </summary>
public sealed record StreamMeasurePlan(IReadOnlyList<MeasuredColumn> Measured, IReadOnlyList<ColumnInfo> InSql)
{
    /// <param name="streamColumns">The read-back's columns, in the order it reads them.</param>
    /// <param name="comparable">The columns the aggregates compare.</param>
    /// <param name="builtInTypes">The target's type name (pg_type.typname) of each column whose type is a built-in base type.</param>
    /// <param name="utf8">Whether the target stores text as UTF-8, the encoding COPY sends it in: only then are its lengths the server's
    /// octet_length.</param>
    public static StreamMeasurePlan For(IReadOnlyList<string> streamColumns, IReadOnlyList<ColumnInfo> comparable,
        IReadOnlyDictionary<string, string> builtInTypes, bool utf8)
    {
        var measured = new List<MeasuredColumn>();
        var inSql = new List<ColumnInfo>();
        foreach (var column in comparable)
        {
            var field = IndexOf(streamColumns, column.Name);
            var measure = field < 0 || !builtInTypes.TryGetValue(column.Name, out var type) ? null : MeasureOf(column.Family, type, utf8);
            if (measure is { } m) measured.Add(new MeasuredColumn(column.Name, field, m));
            else inSql.Add(column);
        }
        return new StreamMeasurePlan(measured, inSql);
    }

    // The family decides which aggregates the SQL probe computes; the type must be one whose measures we print the same way.
    static StreamMeasure? MeasureOf(TypeFamily family, string type, bool utf8) => (family, type) switch
    {
        (TypeFamily.Integer, "int2") => StreamMeasure.Int2,
        (TypeFamily.Integer, "int4") => StreamMeasure.Int4,
        (TypeFamily.Integer, "int8") => StreamMeasure.Int8,
        (TypeFamily.Float, "float4") => StreamMeasure.Float4,
        (TypeFamily.Float, "float8") => StreamMeasure.Float8,
        (TypeFamily.Temporal, "timestamp") => StreamMeasure.Timestamp,
        (TypeFamily.Temporal, "timestamptz") => StreamMeasure.TimestampTz,
        (TypeFamily.Temporal, "date") => StreamMeasure.Date,
        (TypeFamily.Temporal, "time") => StreamMeasure.Time,
        (TypeFamily.Boolean, "bool") => StreamMeasure.Boolean,
        (TypeFamily.Binary, "bytea") => StreamMeasure.Length,
        (TypeFamily.Text, "text" or "varchar" or "bpchar") when utf8 => StreamMeasure.Length,
        (TypeFamily.Json, "json") when utf8 => StreamMeasure.Length,
        // jsonb's binary form is a version byte, then the text its ::text cast prints.
        (TypeFamily.Json, "jsonb") when utf8 => StreamMeasure.JsonbLength,
        _ => null,
    };

    static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++) if (columns[i] == name) return i;
        return -1;
    }
}
