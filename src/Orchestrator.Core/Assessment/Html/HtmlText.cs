using System.Net;

namespace Orchestrator.Core.Assessment.Html;

/// <summary>
/// The one escaping helper of the HTML assessment: every text that comes from the database (names, types, query
/// text, definitions) goes through it, in element content and in attribute values alike.
/// </summary>
public static class HtmlText
{
    /// <summary>Escapes &amp; &lt; &gt; " and ' so the text can be neither markup nor the end of an attribute.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");
}
