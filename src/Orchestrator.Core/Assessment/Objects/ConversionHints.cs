namespace Orchestrator.Core.Assessment.Objects;

/// <summary>What to do with each kind of object in the target; the migration itself moves tables, keys and sequences only.</summary>
public static class ConversionHints
{
    /// <summary>The source's own advice where it has one (a PostgreSQL source recreates its code as is), else the general advice.</summary>
    public static string For(SourceObject o, Sources.SourceTraits source) => source.ConversionHint(o) ?? o.Kind switch
    {
        ObjectKinds.View => "rewrite the SELECT in PostgreSQL SQL and create the view after the load",
        ObjectKinds.MaterializedView
            => "create as a PostgreSQL MATERIALIZED VIEW after the load; schedule REFRESH MATERIALIZED VIEW (pg_cron)",
        ObjectKinds.Function or ObjectKinds.Procedure
            => "translate to PL/pgSQL (or SQL for a single statement); procedures returning result sets become " +
                "functions returning SETOF/TABLE",
        ObjectKinds.Trigger => "translate to a PL/pgSQL trigger function plus CREATE TRIGGER; create it after the load",
        ObjectKinds.Package
            => "split into a schema with one PL/pgSQL function per procedure/function; package state becomes session settings or a table",
        ObjectKinds.Synonym => "use the schema search_path, or a view for a synonym of a table in another schema",
        ObjectKinds.Sequence when o.Table is not null => $"carried by the migration with its value (owned by {o.Table})",
        ObjectKinds.Sequence
            => "carried by the migration with its value when a selected table uses it; otherwise CREATE SEQUENCE ... " +
                "START with the source's value",
        ObjectKinds.Job => "schedule with pg_cron (Azure Database for PostgreSQL allows it) or an Azure Functions timer",
        ObjectKinds.Type => "create as a PostgreSQL composite or domain type",
        _ => "convert by hand",
    };
}
