namespace Orchestrator.Core.Sources.Postgres;

/// <summary>
/// Catalog SQL for PostgreSQL sources. Run with search_path = pg_catalog, so format_type, pg_get_expr and the
/// pg_get_*def functions qualify every non-built-in name: the text is valid DDL in any target database.
/// </summary>
static class PostgresCatalogQueries
{
    public const string UserSchemaFilter = """
        n.nspname NOT IN ('pg_catalog', 'information_schema', '_migrator')
        AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
        """;

    public static readonly string Tables = $"""
        SELECT c.oid, n.nspname, c.relname, c.relkind::text,
               c.reltuples::bigint, c.relpages::bigint,
               pg_total_relation_size(c.oid),
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               pn.nspname, pc.relname, pg_get_expr(c.relpartbound, c.oid),
               obj_description(c.oid, 'pg_class')
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
        LEFT JOIN pg_class pc ON pc.oid = i.inhparent
        LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE c.relkind IN ('r', 'p') AND {UserSchemaFilter}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY n.nspname, c.relname
        """;

    // Domains resolve to their base type for the family; arrays, enums, ranges and composites are 'other'.
    // Binary COPY is not portable for composites and arrays of user types (their binary form carries type OIDs
    // that differ between databases): those tables use text.
    public const string Columns = """
        SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
               a.attidentity::text,
               CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
               CASE WHEN bt.typtype = 'b' AND bt.typcategory <> 'A' THEN bt.typname ELSE bt.typtype::text || bt.typcategory::text END,
               CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                    THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
               NOT (bt.typtype = 'c' OR (bt.typcategory = 'A' AND bt.typelem >= 16384)),
               col_description(a.attrelid, a.attnum)
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
        WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """;

    // Constraints a partition inherits from its parent are created by the parent's; skip them. Keys and foreign
    // keys by their columns; a check by its expression; an exclusion constraint by its definition.
    // indnullsnotdistinct is read through to_jsonb: the column exists from PostgreSQL 15 on, and is false before.
    public const string Constraints = """
        SELECT con.conrelid, con.conname, con.contype::text,
               CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid, true) END,
               ARRAY(SELECT att.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.num ORDER BY k.ord),
               fn.nspname, fc.relname,
               ARRAY(SELECT att.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute att ON att.attrelid = con.confrelid AND att.attnum = k.num ORDER BY k.ord),
               con.confdeltype::text, con.confupdtype::text, con.confmatchtype::text, con.condeferrable, con.condeferred,
               CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END, NOT con.convalidated, con.connoinherit,
               ARRAY(SELECT att.attname FROM unnest(ci.indkey::int2[]) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute att ON att.attrelid = ci.indrelid AND att.attnum = k.num
                     WHERE k.ord > ci.indnkeyatts ORDER BY k.ord),
               coalesce((to_jsonb(ci) ->> 'indnullsnotdistinct')::boolean, false)
        FROM pg_constraint con
        LEFT JOIN pg_class fc ON fc.oid = con.confrelid
        LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
        LEFT JOIN pg_index ci ON ci.indexrelid = con.conindid AND con.contype IN ('p', 'u')
        WHERE con.conrelid = ANY($1) AND con.contype IN ('p', 'u', 'f', 'c', 'x')
          AND con.conparentid = 0 AND con.conislocal
        ORDER BY con.conrelid, con.conname
        """;

    // Per index: its keys (a column name, or null for an expression), then its included columns; per key its
    // direction, a collation other than the column's and an operator class other than the default, spelled as
    // pg_get_indexdef spells them. An index with expression keys is carried by its pg_get_indexdef text.
    public const string Indexes = """
        SELECT i.indrelid, ic.relname, i.indisunique, pg_get_indexdef(i.indexrelid), i.indexprs IS NOT NULL, am.amname, i.indnkeyatts,
               ARRAY(SELECT att.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
                     LEFT JOIN pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = k.num ORDER BY k.ord),
               i.indoption::int2[],
               ARRAY(SELECT CASE WHEN k.coll = 0 OR k.coll = att.attcollation THEN NULL
                                 ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
                     FROM unnest(i.indcollation::oid[], i.indkey::int2[]) WITH ORDINALITY k(coll, num, ord)
                     LEFT JOIN pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = k.num
                     LEFT JOIN pg_collation co ON co.oid = k.coll LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                     WHERE k.ord <= i.indnkeyatts ORDER BY k.ord),
               ARRAY(SELECT CASE WHEN o.opcdefault THEN NULL WHEN opn.nspname = 'pg_catalog' THEN quote_ident(o.opcname)
                                 ELSE quote_ident(opn.nspname) || '.' || quote_ident(o.opcname) END
                     FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(opc, ord)
                     JOIN pg_opclass o ON o.oid = k.opc JOIN pg_namespace opn ON opn.oid = o.opcnamespace ORDER BY k.ord),
               coalesce(ic.reloptions, '{}'), pg_get_expr(i.indpred, i.indrelid, true),
               coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false)
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        WHERE i.indrelid = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                          WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
          AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid)
        ORDER BY i.indrelid, ic.relname
        """;

    public static readonly string Enums = $"""
        SELECT n.nspname, t.typname, ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'e' AND {UserSchemaFilter}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
        ORDER BY n.nspname, t.typname
        """;

    public static readonly string Domains = $"""
        SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
               ARRAY(SELECT c.conname FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname),
               ARRAY(SELECT pg_get_expr(c.conbin, 0, true) FROM pg_constraint c
                     WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'd' AND {UserSchemaFilter}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
        ORDER BY n.nspname, t.typname
        """;

    // deptype 'a' = owned by a column (serial), 'i' = an identity column's sequence.
    public static readonly string Sequences = $"""
        SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle,
               dn.nspname, dc.relname, da.attname, d.deptype::text
        FROM pg_sequence s
        JOIN pg_class c ON c.oid = s.seqrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        LEFT JOIN pg_class dc ON dc.oid = d.refobjid
        LEFT JOIN pg_namespace dn ON dn.oid = dc.relnamespace
        LEFT JOIN pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid
        WHERE {UserSchemaFilter}
        ORDER BY n.nspname, c.relname
        """;

    public static readonly string Composites = $"""
        SELECT n.nspname, t.typname,
               ARRAY(SELECT a.attname FROM pg_attribute a
                     WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
               ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                     WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid
        WHERE t.typtype = 'c' AND c.relkind = 'c' AND {UserSchemaFilter}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
        ORDER BY n.nspname, t.typname
        """;

    public const string Extensions = "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname";
}
