namespace Orchestrator.Core.Sync;

/// <summary>
/// The sync cannot start or go on as the spec and source are (keyless tables, capture not enabled, privileges); nothing was applied.
/// </summary>
public sealed class SyncRefusedException(string message) : Exception(message);

/// <summary>
/// A source table changed shape while the sync ran: it stops before the transaction that brought the change, so the
/// target holds every transaction before it and nothing of it.
/// </summary>
public sealed class SchemaChangedException(string message) : Exception(message);
