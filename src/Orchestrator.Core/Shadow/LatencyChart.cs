using System.Globalization;
using System.Text;
using static Orchestrator.Core.Assessment.Html.HtmlText;

namespace Orchestrator.Core.Shadow;

/// <summary>Each query's p95 latency on both sides as a pair of bars, with a tick at each side's p50; inline SVG, labels escaped.</summary>
public static class LatencyChart
{
    const int LabelWidth = 200, BarWidth = 460, ValueWidth = 200, Bar = 14, Gap = 10, Top = 28;

    public static string Render(ShadowReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = report.Queries;
        var height = Top + Math.Max(rows.Count, 1) * (2 * Bar + Gap) + 8;
        var width = LabelWidth + BarWidth + ValueWidth;
        var max = Math.Max(rows.Select(q => Math.Max(q.Legacy.Latency.P95, q.Modern.Latency.P95)).DefaultIfEmpty(0).Max(), 0.001);
        var svg = new StringBuilder()
            .Append(c,
                $"<svg id=\"latency-chart\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" " +
                $"height=\"{height}\" viewBox=\"0 0 {width} {height}\">")
            .Append("<title>p95 latency per query, legacy and modern (ms); ticks at p50</title>")
            .Append(c,
                $"<rect class=\"legacy\" x=\"{LabelWidth}\" y=\"4\" width=\"12\" height=\"12\"></rect><text " +
                $"x=\"{LabelWidth + 16}\" y=\"14\">legacy</text>")
            .Append(c,
                $"<rect class=\"modern\" x=\"{LabelWidth + 80}\" y=\"4\" width=\"12\" height=\"12\"></rect><text " +
                $"x=\"{LabelWidth + 96}\" y=\"14\">modern</text>");
        for (var i = 0; i < rows.Count; i++)
        {
            var q = rows[i];
            var y = Top + i * (2 * Bar + Gap);
            var label = q.Name.Length > 28 ? q.Name[..27] + "…" : q.Name;
            svg.Append(c,
                $"<g class=\"query\"><title>{Escape(q.Name)}</title><text x=\"{LabelWidth - 8}\" y=\"{y + Bar + 4}\" " +
                $"text-anchor=\"end\">{Escape(label)}</text>");
            Side(svg, "legacy", q.Legacy.Latency, y, max);
            Side(svg, "modern", q.Modern.Latency, y + Bar, max);
            svg.Append("</g>");
        }
        return svg.Append("</svg>").ToString();
    }

    static void Side(StringBuilder svg, string side, Latency latency, int y, double max)
    {
        var c = CultureInfo.InvariantCulture;
        var w = Math.Max(latency.P95 / max * BarWidth, latency.P95 > 0 ? 1 : 0);
        var tick = LabelWidth + latency.P50 / max * BarWidth;
        svg.Append(c,
            $"<rect class=\"{side}\" x=\"{LabelWidth}\" y=\"{y + 1}\" width=\"{w:F1}\" height=\"{Bar - 2}\"><title>{side}: p50 " +
            $"{latency.P50:F2} ms, p95 {latency.P95:F2} ms</title></rect>")
           .Append(c, $"<line class=\"p50\" x1=\"{tick:F1}\" x2=\"{tick:F1}\" y1=\"{y + 1}\" y2=\"{y + Bar - 1}\"></line>")
           .Append(c, $"<text x=\"{LabelWidth + w + 6:F1}\" y=\"{y + Bar - 3}\">{side} {latency.P50:F2} / {latency.P95:F2} ms</text>");
    }
}
