using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// A small table without secondary indexes gets its keys, checks and ANALYZE in one batch, one transaction: all of
/// them or none, and a rerun adds nothing twice.
/// </summary>
public class FinalizeSmallTableTests
{
    static TableInfo Table(string name) => new()
    {
        Name = new("small", name),
        EstimatedRows = 3,
        Columns = [new ColumnInfo { Name = "id", DataType = "bigint", Family = TypeFamily.Integer, Nullable = false },
                   new ColumnInfo { Name = "code", DataType = "text", Family = TypeFamily.Text }],
        PrimaryKey = new KeyInfo($"{name}_pkey", ["id"]),
        UniqueKeys = [new KeyInfo($"{name}_code_key", ["code"])],
        Checks = [new CheckInfo($"{name}_id_check", "id > 0")],
    };

    [Fact]
    public async Task Keys_checks_and_statistics_come_in_one_transaction_and_a_rerun_adds_nothing()
    {
        TestServers.RequirePostgres();
        await using var db = await TestDatabase.CreateAsync("finalize_small");
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var target = new PostgresTarget(dataSource);
        var (good, bad) = (Table("good"), Table("bad"));
        await target.PrepareAsync("m1", new SourceCatalog { Dialect = "postgres", Database = "d", ServerVersion = "15", Tables = [good, bad] }, "fail");
        await db.ExecuteAsync("INSERT INTO small.good VALUES (1, 'a'), (2, 'b'), (3, 'c'); INSERT INTO small.bad VALUES (1, 'a'), (2, 'a')");

        Assert.Equal(["constraint good_pkey", "constraint good_code_key", "constraint good_id_check"], await target.FinalizeTableAsync(good));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE conrelid = 'small.good'::regclass"));
        Assert.Equal(3f, await db.ScalarAsync<float>("SELECT reltuples FROM pg_class WHERE oid = 'small.good'::regclass"));
        Assert.Empty(await target.FinalizeTableAsync(good));

        // The duplicate code fails the unique key: the primary key before it in the batch is rolled back with it.
        var error = await Assert.ThrowsAsync<PostgresException>(() => target.FinalizeTableAsync(bad));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_constraint WHERE conrelid = 'small.bad'::regclass"));
    }
}
