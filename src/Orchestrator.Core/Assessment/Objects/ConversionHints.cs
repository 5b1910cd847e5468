namespace Orchestrator.Core.Assessment.Objects;

/// <summary>What to do with each kind of object in the target; the migration itself moves tables, keys and sequences only.</summary>
public static class ConversionHints
{
    public static string For(SourceObject o, string dialect) => (o.Kind, dialect) switch
    {
        (ObjectKinds.View, "postgres") => "recreate as is after the load (pg_dump --schema-only shows its DDL)",
        (ObjectKinds.View, _) => "rewrite the SELECT in PostgreSQL SQL and create the view after the load",
        (ObjectKinds.MaterializedView, _) => "create as a PostgreSQL MATERIALIZED VIEW after the load; schedule REFRESH MATERIALIZED VIEW (pg_cron)",
        (ObjectKinds.Function or ObjectKinds.Procedure, "postgres") => $"recreate as is after the load ({o.Language ?? "sql"})",
        (ObjectKinds.Function or ObjectKinds.Procedure, _) => "translate to PL/pgSQL (or SQL for a single statement); procedures returning result sets become functions returning SETOF/TABLE",
        (ObjectKinds.Trigger, "postgres") => "recreate after the load (the migration loads with COPY, so triggers do not fire during it)",
        (ObjectKinds.Trigger, _) => "translate to a PL/pgSQL trigger function plus CREATE TRIGGER; create it after the load",
        (ObjectKinds.Package, _) => "split into a schema with one PL/pgSQL function per procedure/function; package state becomes session settings or a table",
        (ObjectKinds.Synonym, _) => "use the schema search_path, or a view for a synonym of a table in another schema",
        (ObjectKinds.Sequence, _) when o.Table is not null => $"carried by the migration with its value (owned by {o.Table})",
        (ObjectKinds.Sequence, _) => "carried by the migration with its value when a selected table uses it; otherwise CREATE SEQUENCE ... START with the source's value",
        (ObjectKinds.Job, _) => "schedule with pg_cron (Azure Database for PostgreSQL allows it) or an Azure Functions timer",
        (ObjectKinds.Type, _) => "create as a PostgreSQL composite or domain type",
        _ => "convert by hand",
    };
}
