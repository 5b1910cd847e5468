using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Graph;

namespace Orchestrator.Core.Assessment.AiMl;

/// <summary>
/// A schema of many junction tables (two foreign keys that together identify the row) is a graph kept in tables: the
/// suggestion is the spec's graph section with the tables they link as nodes (every junction between them then becomes
/// an edge type with its columns as properties).
/// </summary>
public static class GraphSuggestion
{
    public static SpecRuleSuggestion? For(SourceCatalog catalog, AiMlThresholds? thresholds = null)
    {
        var t = thresholds ?? AiMlThresholds.Default;
        var junctions = catalog.Tables.Where(Junction.IsManyToMany).ToList();
        if (junctions.Count < t.GraphJunctions) return null;
        var linked = junctions.SelectMany(j => j.ForeignKeys.Select(f => f.References)).Distinct()
            .Select(name => catalog.Tables.FirstOrDefault(table => table.Name == name)).OfType<TableInfo>()
            .Where(table => table.PrimaryKey is not null).Select(table => table.SourceTableName.ToString())
                .Order(StringComparer.Ordinal).ToList();
        if (linked.Count == 0) return null;
        var section = new JsonObject { ["nodes"] = new JsonArray([.. linked.Select(n => (JsonNode)new JsonObject { ["table"] = n })]) };
        var names = string.Join(", ", junctions.Select(j => j.SourceTableName.ToString()));
        var evidence = string.Create(CultureInfo.InvariantCulture,
            $"{junctions.Count} junction tables link {linked.Count} tables many to many");
        return new SpecRuleSuggestion(SuggestionKinds.Graph, names, "", section,
            evidence + ": the spec's graph section exports them as a property graph (Neo4j bulk-import files, and views in " +
            "the target), each junction an edge type");
    }
}
