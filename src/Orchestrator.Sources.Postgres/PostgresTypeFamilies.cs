using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.Postgres;

/// <summary>Maps a PostgreSQL base type name (domains already resolved) to the family validation aggregates by.</summary>
static class PostgresTypeFamilies
{
    public static TypeFamily Of(string baseType) => baseType switch
    {
        "int2" or "int4" or "int8" => TypeFamily.Integer,
        "numeric" => TypeFamily.Decimal,
        "float4" or "float8" => TypeFamily.Float,
        "money" => TypeFamily.Money,
        "bool" => TypeFamily.Boolean,
        "text" or "varchar" or "bpchar" or "name" or "citext" => TypeFamily.Text,
        "bytea" => TypeFamily.Binary,
        "json" or "jsonb" => TypeFamily.Json,
        "xml" => TypeFamily.Xml,
        "date" or "time" or "timetz" or "timestamp" or "timestamptz" or "interval" => TypeFamily.Temporal,
        "uuid" => TypeFamily.Uuid,
        "inet" or "cidr" or "macaddr" or "macaddr8" => TypeFamily.Network,
        _ => TypeFamily.Other,
    };
}
