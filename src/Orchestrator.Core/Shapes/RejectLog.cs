using System.Text;
using System.Text.Json;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// The rows of one chunk that a rule refused, as JSON lines: the row's number in the chunk, the reason, and the
/// source row (text as text, other values as their binary COPY form in base64; values over 64 KB by length and
/// SHA-256 only, since the source still holds them). Staged with the chunk and loaded into _migrator.rejects.
/// </summary>
public sealed class RejectLog(IReadOnlyList<ColumnInfo> columns)
{
    public const int KeptValueBytes = 64 << 10;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly StringBuilder _lines = new();

    public long Count { get; private set; }

    public void Add(long rowNumber, string column, string reason, IReadOnlyList<object?> values)
    {
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < columns.Count && i < values.Count; i++)
            row[columns[i].Name] = values[i] switch
            {
                null => null,
                byte[] bytes when columns[i].Family is TypeFamily.Text or TypeFamily.Xml => Encoding.UTF8.GetString(bytes),
                byte[] bytes => new Dictionary<string, string> { ["base64"] = Convert.ToBase64String(bytes) },
                var other => other,
            };
        _lines.Append(JsonSerializer.Serialize(new RejectedRow(rowNumber, $"{column}: {reason}", row), Json)).Append('\n');
        Count++;
    }

    public string Text => _lines.ToString();

    public static string SourceJson(RejectedRow row) => JsonSerializer.Serialize(row.Source, Json);

    public static IEnumerable<RejectedRow> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<RejectedRow>(l, Json)!);
}

public sealed record RejectedRow(long Row, string Reason, Dictionary<string, object?> Source);

/// <summary>A value too large to keep in a reject record: its size and hash, to find it in the source.</summary>
public sealed record OmittedValue(long Bytes, string Sha256);
