using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Sources.Postgres;

/// <summary>Reads the selected tables and what they depend on from a PostgreSQL source's system catalogs.</summary>
sealed class PostgresCatalogReader(NpgsqlConnection connection)
{
    sealed record RawTable(uint Oid, TableInfo Info);

    public async Task<SourceCatalog> ReadAsync(TableSelection selection, CancellationToken ct)
    {
        await Execute("SET search_path = pg_catalog", ct);
        var tables = Select(await ReadTables(ct), selection);
        var oids = tables.Select(t => t.Oid).ToArray();
        var columns = await ReadColumns(oids, ct);
        var constraints = await ReadConstraints(oids, ct);
        var indexes = await ReadIndexes(oids, ct);

        var infos = tables.Select(t => t.Info with
        {
            Columns = columns.GetValueOrDefault(t.Oid) ?? [],
            PrimaryKey = constraints.GetValueOrDefault(t.Oid)?.Primary,
            UniqueKeys = constraints.GetValueOrDefault(t.Oid)?.Unique ?? [],
            ForeignKeys = constraints.GetValueOrDefault(t.Oid)?.Foreign ?? [],
            Checks = constraints.GetValueOrDefault(t.Oid)?.Checks ?? [],
            Exclusions = constraints.GetValueOrDefault(t.Oid)?.Exclusions ?? [],
            Indexes = indexes.GetValueOrDefault(t.Oid) ?? [],
        }).ToList();

        infos = InheritKeys(infos);
        var schemas = infos.Select(t => t.Name.Schema).ToHashSet(StringComparer.Ordinal);
        var selected = infos.Select(t => t.Name).ToHashSet();
        return new SourceCatalog
        {
            Dialect = "postgres",
            Database = connection.Database,
            ServerVersion = connection.PostgreSqlVersion.ToString(),
            Tables = infos,
            Enums = await ReadEnums(ct),
            Domains = OrderByDependency(await ReadDomains(ct), d => d.Name, d => [d.BaseType]),
            Composites = OrderByDependency(await ReadComposites(ct), c => c.Name, c => c.Fields.Select(f => f.DataType)),
            Sequences = (await ReadSequences(ct))
                .Where(s => s.OwnedByTable is { } owner ? selected.Contains(owner) : schemas.Contains(s.Schema)).ToList(),
            Extensions = await ReadStrings(PostgresCatalogQueries.Extensions, ct),
        };
    }

    // Patterns select whole tables; partitions follow their root table so a partitioned table moves whole.
    static List<RawTable> Select(List<RawTable> all, TableSelection selection)
    {
        var byName = all.ToDictionary(t => t.Info.Name);
        TableName Root(TableInfo t) => t.PartitionOf is { } p && byName.TryGetValue(p.Parent, out var parent) ? Root(parent.Info) : t.Name;
        return all.Where(t => { var r = Root(t.Info); return TablePattern.IsSelected(selection, r.Schema, r.Name); })
            // Parents before partitions, so DDL can be written in this order.
            .OrderBy(t => Depth(t.Info)).ThenBy(t => t.Info.Name.Schema, StringComparer.Ordinal)
                .ThenBy(t => t.Info.Name.Name, StringComparer.Ordinal)
            .ToList();

        int Depth(TableInfo t) => t.PartitionOf is { } p && byName.TryGetValue(p.Parent, out var parent) ? 1 + Depth(parent.Info) : 0;
    }

    // Partitions hold the rows, but their primary key belongs to the partitioned root.
    static List<TableInfo> InheritKeys(List<TableInfo> tables)
    {
        var byName = tables.ToDictionary(t => t.Name);
        KeyInfo? RootKey(TableInfo t)
            => t.PrimaryKey ?? (t.PartitionOf is { } p && byName.TryGetValue(p.Parent, out var parent) ? RootKey(parent) : null);
        return tables.Select(t => t.PartitionOf is not null && t.PrimaryKey is null ? t with { InheritedKey = RootKey(t) } : t).ToList();
    }

    async Task<List<RawTable>> ReadTables(CancellationToken ct)
    {
        var list = new List<RawTable>();
        await using var reader = await Reader(PostgresCatalogQueries.Tables, null, ct);
        while (await reader.ReadAsync(ct))
        {
            var name = new TableName(reader.GetString(1), reader.GetString(2));
            list.Add(new RawTable(reader.GetFieldValue<uint>(0), new TableInfo
            {
                Name = name,
                Columns = [],
                EstimatedRows = reader.GetInt64(4),
                Pages = reader.GetInt64(5),
                SizeBytes = reader.GetInt64(6),
                PartitionKey = reader.IsDBNull(7) ? null : reader.GetString(7),
                PartitionOf = reader.IsDBNull(8) ? null
                    : new PartitionOf(new TableName(reader.GetString(8), reader.GetString(9)), reader.GetString(10)),
                Comment = reader.IsDBNull(11) ? null : reader.GetString(11),
            }));
        }
        return list;
    }

    async Task<Dictionary<uint, List<ColumnInfo>>> ReadColumns(uint[] oids, CancellationToken ct)
    {
        var map = new Dictionary<uint, List<ColumnInfo>>();
        await using var reader = await Reader(PostgresCatalogQueries.Columns, oids, ct);
        while (await reader.ReadAsync(ct))
        {
            var column = new ColumnInfo
            {
                Name = reader.GetString(1),
                DataType = reader.GetString(2),
                Nullable = !reader.GetBoolean(3),
                Default = reader.IsDBNull(4) ? null : reader.GetString(4),
                Identity = reader.GetString(5) switch { "a" => IdentityKind.Always, "d" => IdentityKind.ByDefault, _ => IdentityKind.None },
                GenerationExpression = reader.IsDBNull(6) ? null : reader.GetString(6),
                Family = PostgresTypeFamilies.Of(reader.GetString(7)),
                Collation = reader.IsDBNull(8) ? null : reader.GetString(8),
                BinaryPortable = reader.GetBoolean(9),
                Comment = reader.IsDBNull(10) ? null : reader.GetString(10),
            };
            Add(map, reader.GetFieldValue<uint>(0), column);
        }
        return map;
    }

    sealed class TableConstraints
    {
        public KeyInfo? Primary;
        public List<KeyInfo> Unique { get; } = [];
        public List<ForeignKeyInfo> Foreign { get; } = [];
        public List<CheckInfo> Checks { get; } = [];
        public List<ExclusionInfo> Exclusions { get; } = [];
    }

    async Task<Dictionary<uint, TableConstraints>> ReadConstraints(uint[] oids, CancellationToken ct)
    {
        var map = new Dictionary<uint, TableConstraints>();
        await using var reader = await Reader(PostgresCatalogQueries.Constraints, oids, ct);
        while (await reader.ReadAsync(ct))
        {
            var oid = reader.GetFieldValue<uint>(0);
            if (!map.TryGetValue(oid, out var c)) map[oid] = c = new TableConstraints();
            var (name, kind, columns) = (reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(4));
            var deferral = !reader.GetBoolean(11) ? Deferral.Immediate : reader.GetBoolean(12)
                ? Deferral.InitiallyDeferred : Deferral.Deferrable;
            switch (kind)
            {
                case "p" or "u":
                    var key = new KeyInfo(name, columns)
                    {
                        Included = reader.GetFieldValue<string[]>(16),
                        NullsNotDistinct = reader.GetBoolean(17),
                        Deferral = deferral,
                    };
                    if (kind == "p") c.Primary = key;
                    else c.Unique.Add(key);
                    break;
                case "f":
                    c.Foreign.Add(new ForeignKeyInfo(name, columns, new TableName(reader.GetString(5), reader.GetString(6)),
                        reader.GetFieldValue<string[]>(7))
                    {
                        OnDelete = Action(reader.GetString(8)),
                        OnUpdate = Action(reader.GetString(9)),
                        MatchFull = reader.GetString(10) == "f",
                        Deferral = deferral,
                    });
                    break;
                case "c":
                    c.Checks.Add(new CheckInfo(name, reader.GetString(13)) { NotValid = reader.GetBoolean(14),
                        NoInherit = reader.GetBoolean(15) });
                    break;
                default:
                    c.Exclusions.Add(new ExclusionInfo(name, reader.GetString(3)));
                    break;
            }
        }
        return map;

        // pg_constraint.confdeltype and confupdtype.
        static ReferentialAction Action(string code) => code switch
        {
            "r" => ReferentialAction.Restrict,
            "c" => ReferentialAction.Cascade,
            "n" => ReferentialAction.SetNull,
            "d" => ReferentialAction.SetDefault,
            _ => ReferentialAction.NoAction,
        };
    }

    async Task<Dictionary<uint, List<IndexInfo>>> ReadIndexes(uint[] oids, CancellationToken ct)
    {
        var map = new Dictionary<uint, List<IndexInfo>>();
        await using var reader = await Reader(PostgresCatalogQueries.Indexes, oids, ct);
        while (await reader.ReadAsync(ct))
        {
            var (name, unique) = (reader.GetString(1), reader.GetBoolean(2));
            if (reader.GetBoolean(4))
            {
                Add(map, reader.GetFieldValue<uint>(0), new IndexInfo(name, unique, []) { Definition = reader.GetString(3) });
                continue;
            }
            var keyCount = reader.GetInt16(6);
            var columns = reader.GetFieldValue<string[]>(7);
            var (options, collations, classes) = (reader.GetFieldValue<short[]>(8), reader.GetFieldValue<string?[]>(9),
                reader.GetFieldValue<string?[]>(10));
            var keys = columns.Take(keyCount).Select((column, k) =>
            {
                // pg_index.indoption: bit 1 descending, bit 2 nulls first; each direction has its own default.
                var (descending, nullsFirst) = ((options[k] & 1) != 0, (options[k] & 2) != 0);
                return new IndexKey(column)
                {
                    Descending = descending,
                    NullsFirst = nullsFirst == descending ? null : nullsFirst,
                    Collation = collations[k],
                    OperatorClass = classes[k],
                };
            }).ToList();
            Add(map, reader.GetFieldValue<uint>(0), new IndexInfo(name, unique, keys)
            {
                Method = reader.GetString(5),
                Included = columns.Skip(keyCount).ToList(),
                Parameters = reader.GetFieldValue<string[]>(11),
                Predicate = reader.IsDBNull(12) ? null : reader.GetString(12),
                NullsNotDistinct = reader.GetBoolean(13),
            });
        }
        return map;
    }

    async Task<List<EnumType>> ReadEnums(CancellationToken ct)
    {
        var list = new List<EnumType>();
        await using var reader = await Reader(PostgresCatalogQueries.Enums, null, ct);
        while (await reader.ReadAsync(ct))
            list.Add(new EnumType(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2)));
        return list;
    }

    async Task<List<DomainType>> ReadDomains(CancellationToken ct)
    {
        var list = new List<DomainType>();
        await using var reader = await Reader(PostgresCatalogQueries.Domains, null, ct);
        while (await reader.ReadAsync(ct))
        {
            var names = reader.GetFieldValue<string[]>(5);
            var definitions = reader.GetFieldValue<string[]>(6);
            list.Add(new DomainType(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                names.Zip(definitions, (n, d) => new CheckInfo(n, d)).ToList()));
        }
        return list;
    }

    async Task<List<SequenceInfo>> ReadSequences(CancellationToken ct)
    {
        var list = new List<SequenceInfo>();
        await using var reader = await Reader(PostgresCatalogQueries.Sequences, null, ct);
        while (await reader.ReadAsync(ct))
            list.Add(new SequenceInfo
            {
                Schema = reader.GetString(0),
                Name = reader.GetString(1),
                DataType = reader.GetString(2),
                Start = reader.GetInt64(3),
                Increment = reader.GetInt64(4),
                Min = reader.GetInt64(5),
                Max = reader.GetInt64(6),
                Cycle = reader.GetBoolean(7),
                OwnedByTable = reader.IsDBNull(8) ? null : new TableName(reader.GetString(8), reader.GetString(9)),
                OwnedByColumn = reader.IsDBNull(10) ? null : reader.GetString(10),
                IsIdentity = !reader.IsDBNull(11) && reader.GetString(11) == "i",
            });
        return list;
    }

    async Task<List<CompositeType>> ReadComposites(CancellationToken ct)
    {
        var list = new List<CompositeType>();
        await using var reader = await Reader(PostgresCatalogQueries.Composites, null, ct);
        while (await reader.ReadAsync(ct))
            list.Add(new CompositeType(reader.GetString(0), reader.GetString(1),
                reader.GetFieldValue<string[]>(2).Zip(reader.GetFieldValue<string[]>(3), (n, t) => new CompositeField(n, t)).ToList()));
        return list;
    }

    // A type built on another user type (a domain over a domain, a composite with a composite field) comes after it.
    static List<T> OrderByDependency<T>(List<T> types, Func<T, string> name, Func<T, IEnumerable<string>> uses) where T : class
    {
        var ordered = new List<T>();
        var pending = new List<T>(types);
        while (pending.Count > 0)
        {
            var ready = pending.Where(d => !pending.Any(o => o != d && uses(d).Any(u => u.Contains(name(o), StringComparison.Ordinal))))
                .ToList();
            if (ready.Count == 0) ready = [pending[0]];
            ordered.AddRange(ready);
            pending.RemoveAll(ready.Contains);
        }
        return ordered;
    }

    async Task<List<string>> ReadStrings(string sql, CancellationToken ct)
    {
        var list = new List<string>();
        await using var reader = await Reader(sql, null, ct);
        while (await reader.ReadAsync(ct)) list.Add(reader.GetString(0));
        return list;
    }

    async Task<NpgsqlDataReader> Reader(string sql, uint[]? oids, CancellationToken ct)
    {
#pragma warning disable CA2000 // the reader the caller disposes outlives the command; closing the connection releases it
        var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2000
        if (oids is not null)
            command.Parameters.Add(new NpgsqlParameter { Value = oids,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Oid });
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, ct);
    }

    async Task Execute(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    static void Add<T>(Dictionary<uint, List<T>> map, uint key, T item)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(item);
    }
}
