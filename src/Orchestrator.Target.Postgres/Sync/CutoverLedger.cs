using Npgsql;

namespace Orchestrator.Core.Sync;

/// <summary>_migrator.cutover in the target: one row per migration, its state and the timeline of its steps.</summary>
public static class CutoverLedger
{
    const string Begin = """
        INSERT INTO _migrator.cutover (migration_id, state, barrier, writes_stopped_at) VALUES ($1, 'requested', $2, $3)
        ON CONFLICT (migration_id) DO UPDATE SET state = 'requested', barrier = EXCLUDED.barrier, requested_at = now(),
            writes_stopped_at = EXCLUDED.writes_stopped_at, caught_up_at = NULL, compared_at = NULL, ready_at = NULL, detail = NULL
        """;

    public static async Task BeginAsync(NpgsqlDataSource target, string migrationId, string barrier, DateTime writesStopped,
        CancellationToken ct) =>
        await ExecuteAsync(target, Begin, ct, migrationId, barrier, writesStopped);

    /// <summary>
    /// Moves the cutover to <paramref name="state"/>, stamping the step's time where one is given; null detail keeps the last.
    /// </summary>
    public static async Task MarkAsync(NpgsqlDataSource target, string migrationId, string state, CancellationToken ct,
        DateTime? caughtUp = null, DateTime? compared = null, DateTime? ready = null, string? detail = null) =>
        await ExecuteAsync(target, """
            UPDATE _migrator.cutover SET state = $2, caught_up_at = coalesce($3, caught_up_at), compared_at = coalesce($4, compared_at),
                ready_at = coalesce($5, ready_at), detail = coalesce($6, detail)
            WHERE migration_id = $1
            """, ct, migrationId, state, caughtUp, compared, ready, detail);

    static async Task ExecuteAsync(NpgsqlDataSource target, string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = target.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }
}
