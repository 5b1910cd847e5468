namespace Orchestrator.Core.Target;

/// <summary>The target's disk is full where a table grows; the chunk was rolled back. Not retried: a full disk stays full.</summary>
public sealed class TargetOutOfSpaceException(string message, Exception inner) : Exception(message, inner);

/// <summary>The target already holds data this migration did not put there; nothing was changed.</summary>
public sealed class TargetNotEmptyException(string message) : Exception(message);
