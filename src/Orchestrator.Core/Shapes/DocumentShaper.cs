using System.Text;
using System.Text.Json;
using System.Xml;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// JSON or XML held as text, checked on every row before it becomes jsonb or xml. An invalid value is rejected with
/// the parser's reason, or (invalid: text, JSON only) kept whole as a JSON string so nothing is lost.
/// </summary>
public sealed class DocumentShaper(DocumentRule rule, bool sourceIsJsonb) : FieldShaper
{
    static readonly XmlReaderSettings XmlSettings = new()
    {
        ConformanceLevel = ConformanceLevel.Fragment, // PostgreSQL's xml accepts content, not only documents
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
    };

    public long KeptAsText { get; private set; }

    public override Shaped Shape(byte[]? value)
    {
        if (value is null) return Shaped.Null;
        var text = sourceIsJsonb && value is [1, ..] ? value[1..] : value;
        if (rule.As == "xml")
            return XmlProblem(text) is { } xml ? Shaped.Refuse($"not well-formed XML: {xml}") : new Shaped(XmlOutput(text));
        if (JsonProblem(text) is not { } problem) return new Shaped([1, .. JsonbText.Canonical(text)]);
        if (rule.Invalid == "reject") return Shaped.Refuse($"not valid JSON: {problem}");
        KeptAsText++;
        return new Shaped([1, .. JsonbText.Canonical(JsonSerializer.SerializeToUtf8Bytes(Encoding.UTF8.GetString(text)))]);
    }

    /// <summary>Why PostgreSQL's jsonb would refuse the text, or null.</summary>
    public static string? JsonProblem(byte[] utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read()) return "empty";
            do
            {
                // jsonb stores strings as text, which cannot hold U+0000 (PostgreSQL: unsupported Unicode escape).
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                    && reader.GetString()!.Contains('\0'))
                    return $"\\u0000 at byte {reader.TokenStartIndex}, which jsonb cannot store";
            } while (reader.Read());
            return null;
        }
        catch (JsonException e) { return e.Message; }
        catch (InvalidOperationException e) { return e.Message; }
    }

    /// <summary>
    /// The text as PostgreSQL's xml output gives it back: a leading declaration that says nothing beyond the default
    /// (version 1.0, no standalone) is dropped, its encoding and the white space after it with it, as xml_out does.
    /// </summary>
    public static byte[] XmlOutput(byte[] utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^<\?xml(?<attributes>[^?]*)\?>");
        if (!match.Success) return utf8;
        var attributes = match.Groups["attributes"].Value;
        var version = System.Text.RegularExpressions.Regex.Match(attributes, @"version\s*=\s*[""']([^""']*)[""']");
        if (attributes.Contains("standalone", StringComparison.Ordinal) || version.Success && version.Groups[1].Value != "1.0") return utf8;
        return Encoding.UTF8.GetBytes(text[match.Length..].TrimStart(' ', '\t', '\r', '\n'));
    }

    public static string? XmlProblem(byte[] utf8)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(utf8), XmlSettings);
            while (reader.Read()) { }
            return null;
        }
        catch (XmlException e) { return e.Message; }
    }
}
