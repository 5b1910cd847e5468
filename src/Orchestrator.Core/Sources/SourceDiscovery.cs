using Orchestrator.Core.Catalog;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Sources;

/// <summary>
/// Reads the source's position, then its catalog of the selected tables, and gives it the target's names
/// (<see cref="TargetNaming"/>); an empty selection, an override or a graph section that cannot work is a spec error.
/// </summary>
public static class SourceDiscovery
{
    public static async Task<SourceCatalog> DiscoverAsync(ISourceDialect source, MigrationSpec spec, CancellationToken ct)
    {
        var selection = spec.Tables;
        var position = await source.CurrentPositionAsync(ct);
        var catalog = await source.DiscoverAsync(selection, ct) with { Position = position };
        if (catalog.Tables.Count == 0)
            throw new SpecException($"tables.include: no table in the source matches [{string.Join(", ", selection.Include)}]" +
                (selection.Exclude.Count > 0 ? $" minus [{string.Join(", ", selection.Exclude)}]" : ""));
        var named = TargetNaming.Apply(catalog, spec, source.Traits);
        var shaped = Shapes.CatalogShaping.Apply(named, spec, await TimeRangesAsync(source, named, spec, ct));
        // A graph section that names what is not there stops the run here, before anything moves.
        if (spec.Graph is { } graph) Graph.GraphModelBuilder.Build(shaped, graph);
        return shaped;
    }

    /// <summary>The first and last value of each time-series column, read by the source engine: the partitions to create.</summary>
    static async Task<Dictionary<TableName, (string? Min, string? Max)>> TimeRangesAsync(ISourceDialect source, SourceCatalog catalog,
        MigrationSpec spec, CancellationToken ct)
    {
        var ranges = new Dictionary<TableName, (string?, string?)>();
        foreach (var rule in spec.Rules.Where(r => r.TimeSeries is not null))
        {
            var (table, column) = Shapes.CatalogShaping.Find(catalog.Tables, rule);
            if (table is null || column is null || column.Family != TypeFamily.Temporal) continue; // shaping names the problem
            var measures = await source.ComputeAggregatesAsync(table.SourceTableName, SourceTerms.Columns(table, [column]), ct);
            var name = table.SourceOf(column).Name;
            ranges[table.Name] = (measures.Measures.GetValueOrDefault(name + ".min"), measures.Measures.GetValueOrDefault(name + ".max"));
        }
        return ranges;
    }
}
