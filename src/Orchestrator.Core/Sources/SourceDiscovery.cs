using Orchestrator.Core.Catalog;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Sources;

/// <summary>
/// Reads the source's position, then its catalog of the selected tables, and gives it the target's names
/// (<see cref="TargetNaming"/>); an empty selection or an override that cannot work is a spec error.
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
        return TargetNaming.Apply(catalog, spec);
    }
}
