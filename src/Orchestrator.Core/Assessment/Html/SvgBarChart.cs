using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Assessment.Html;

/// <summary>A horizontal bar chart as inline SVG: no script, no external resource, labels escaped.</summary>
public static class SvgBarChart
{
    public sealed record Bar(string Label, double Value, string Display);

    const int LabelWidth = 230, BarWidth = 380, ValueWidth = 110, Row = 24, Top = 8;

    public static string Render(string id, string title, IReadOnlyList<Bar> bars)
    {
        var c = CultureInfo.InvariantCulture;
        var height = Top * 2 + Math.Max(bars.Count, 1) * Row;
        var width = LabelWidth + BarWidth + ValueWidth;
        var max = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), double.Epsilon);
        var svg = new StringBuilder();
        svg.Append(c,
            $"<svg id=\"{id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" " +
            $"viewBox=\"0 0 {width} {height}\" aria-label=\"{HtmlText.Escape(title)}\">");
        svg.Append(c, $"<title>{HtmlText.Escape(title)}</title>");
        if (bars.Count == 0) svg.Append(c, $"<text x=\"0\" y=\"{Top + 16}\" class=\"none\">none</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = Top + i * Row;
            var w = Math.Max(b.Value / max * BarWidth, b.Value > 0 ? 1 : 0);
            var label = b.Label.Length > 34 ? b.Label[..33] + "…" : b.Label;
            svg.Append(c, $"<g class=\"bar\"><title>{HtmlText.Escape(b.Label)}: {HtmlText.Escape(b.Display)}</title>");
            svg.Append(c, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{HtmlText.Escape(label)}</text>");
            svg.Append(c, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{w:F1}\" height=\"{Row - 6}\" rx=\"2\"></rect>");
            svg.Append(c, $"<text x=\"{LabelWidth + w + 6:F1}\" y=\"{y + 16}\">{HtmlText.Escape(b.Display)}</text></g>");
        }
        return svg.Append("</svg>").ToString();
    }
}
