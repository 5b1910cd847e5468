using Orchestrator.Core.Assessment.AiMl;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Tests.Assessment;

public class GraphSuggestionTests
{
    static TableInfo Table(string name, string[] key, params (string Column, string References)[] fks) => new()
    {
        Name = new TableName("app", name),
        Columns = key.Concat(fks.Select(f => f.Column)).Distinct().Append("note")
            .Select(c => new ColumnInfo { Name = c, DataType = "integer", Family = TypeFamily.Integer }).ToList(),
        PrimaryKey = new KeyInfo($"{name}_pkey", key),
        ForeignKeys = fks
            .Select(f => new ForeignKeyInfo($"{name}_{f.Column}_fkey", [f.Column], new TableName("app", f.References), ["id"])).ToList(),
    };

    static SourceCatalog Catalog(params TableInfo[] tables) =>
        new() { Dialect = "postgres", Database = "d", ServerVersion = "15", Tables = tables };

    static readonly TableInfo[] Entities = [Table("patient", ["id"]), Table("doctor", ["id"]), Table("drug", ["id"])];

    [Fact]
    public void Two_junction_tables_suggest_the_graph_section_with_the_tables_they_link()
    {
        var found = GraphSuggestion.For(Catalog([.. Entities,
            Table("treats", ["doctor_id", "patient_id"], ("doctor_id", "doctor"), ("patient_id", "patient")),
            Table("prescribed", ["patient_id", "drug_id"], ("patient_id", "patient"), ("drug_id", "drug"))]));
        Assert.NotNull(found);
        Assert.Equal("graph", found.Kind);
        Assert.Equal("""{"nodes":[{"table":"app.doctor"},{"table":"app.drug"},{"table":"app.patient"}]}""", found.Rule.ToJsonString());
        Assert.StartsWith("2 junction tables link 3 tables many to many", found.Evidence);
    }

    [Fact]
    public void One_junction_or_tables_of_two_foreign_keys_that_do_not_identify_the_row_suggest_nothing()
    {
        Assert.Null(GraphSuggestion.For(
            Catalog([.. Entities, Table("treats", ["doctor_id", "patient_id"], ("doctor_id", "doctor"), ("patient_id", "patient"))])));
        // A visit has its own key: two foreign keys, but an entity, not a link.
        Assert.Null(GraphSuggestion.For(Catalog([.. Entities,
            Table("visit", ["id"], ("doctor_id", "doctor"), ("patient_id", "patient")),
            Table("dispense", ["id"], ("drug_id", "drug"), ("patient_id", "patient"))])));
    }
}
