using Orchestrator.Core.Assessment.Objects;

namespace Orchestrator.Core.Sources.Postgres;

/// <summary>
/// A PostgreSQL source speaks the target's SQL: names, reserved words and definitions carry over as they are, its
/// SELECT converts overridden types, Npgsql is async all the way down, and the new database's changes can be synced back.
/// </summary>
public static class PostgresTraits
{
    public static SourceTraits Instance { get; } = new()
    {
        Dialect = "postgres",
        KeepsNames = true,
        ReservedWordsDiffer = false,
        ConvertsInSelect = true,
        ReverseSync = true,
        AsyncThroughout = true,
        // Every text, bytea or jsonb is unbounded: large values are found by size (LargeObjects.ToastThreshold).
        LargeObjectTypes = null,
        ConversionHint = o => o.Kind switch
        {
            ObjectKinds.View => "recreate as is after the load (pg_dump --schema-only shows its DDL)",
            ObjectKinds.Function or ObjectKinds.Procedure => $"recreate as is after the load ({o.Language ?? "sql"})",
            ObjectKinds.Trigger => "recreate after the load (the migration loads with COPY, so triggers do not fire during it)",
            _ => null,
        },
    };
}
