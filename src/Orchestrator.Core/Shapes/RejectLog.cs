using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// The rows of one chunk that a rule refused, as JSON lines: the row's number in the chunk, the reason, and the
/// source row (text as text, other values as their binary COPY form in base64; values over 64 KB by length and
/// SHA-256 only, since the source still holds them). Staged with the chunk and loaded into _migrator.rejects.
/// </summary>
public sealed class RejectLog
{
    public const int KeptValueBytes = 64 << 10;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly StringBuilder _lines = new();
    readonly IReadOnlyList<ColumnInfo> _columns;
    readonly IReadOnlyList<string> _sourceTypes;

    /// <summary>A log for chunks of <paramref name="table"/> that read <paramref name="columns"/> (target names).</summary>
    public RejectLog(TableInfo table, IReadOnlyList<string> columns)
    {
        _columns = columns.Select(name => table.Columns.First(c => c.Name == name)).ToList();
        _sourceTypes = _columns.Select(c => table.SourceOf(c).DataType).ToList();
    }

    public long Count { get; private set; }

    public void Add(long rowNumber, string column, string reason, IReadOnlyList<object?> values)
    {
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < _columns.Count && i < values.Count; i++)
            row[_columns[i].Name] = values[i] is byte[] bytes ? Readable(_columns[i], _sourceTypes[i], bytes) : values[i];
        _lines.Append(JsonSerializer.Serialize(new RejectedRow(rowNumber, $"{column}: {reason}", row), Json)).Append('\n');
        Count++;
    }

    public string Text => _lines.ToString();

    /// <summary>Common scalars as JSON values (so a reject can be found by its key); anything else as its binary COPY form.</summary>
    static object Readable(ColumnInfo column, string sourceType, byte[] b)
        => (column.Rule is { TimeSeries: null } ? Source(sourceType) : column.Family, b.Length) switch
    {
        (TypeFamily.Integer, 2) => BinaryPrimitives.ReadInt16BigEndian(b),
        (TypeFamily.Integer, 4) => BinaryPrimitives.ReadInt32BigEndian(b),
        (TypeFamily.Integer, 8) => BinaryPrimitives.ReadInt64BigEndian(b),
        (TypeFamily.Boolean, 1) => b[0] != 0,
        (TypeFamily.Uuid, 16) => new Guid(b, bigEndian: true).ToString(),
        (TypeFamily.Text or TypeFamily.Xml, _) => Encoding.UTF8.GetString(b),
        (TypeFamily.Json, > 0) when b[0] == 1 => Encoding.UTF8.GetString(b, 1, b.Length - 1),
        _ => new Dictionary<string, string> { ["base64"] = Convert.ToBase64String(b) },
    };

    // A reshaped column's value in a reject is still the source's: judge it by the source type.
    static TypeFamily Source(string type) => type switch
    {
        "text" or "character varying" or "character" or "name" or "citext" or "json" => TypeFamily.Text,
        "jsonb" => TypeFamily.Json,
        _ when type.StartsWith("character", StringComparison.Ordinal) => TypeFamily.Text,
        _ => TypeFamily.Binary,
    };

    public static string SourceJson(RejectedRow row) => JsonSerializer.Serialize(row.Source, Json);

    public static IEnumerable<RejectedRow> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<RejectedRow>(l, Json)!);
}

public sealed record RejectedRow(long Row, string Reason, Dictionary<string, object?> Source);

/// <summary>A value too large to keep in a reject record: its size and hash, to find it in the source.</summary>
public sealed record OmittedValue(long Bytes, string Sha256);
