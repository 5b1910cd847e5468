using Orchestrator.Core.Staging;

namespace Orchestrator.Tests.Staging;

/// <summary>
/// A staged object in memory that records how it ended: committed, or abandoned; optionally failing a write or its commit.
/// </summary>
sealed class MemoryStagingWrite(int failWritesAfter = int.MaxValue, bool failCommit = false) : StagingWrite
{
    readonly MemoryStream _bytes = new();
    int _writes;

    public byte[] Bytes => _bytes.ToArray();
    public bool Committed { get; private set; }
    public bool Abandoned { get; private set; }
    /// <summary>Writes that came after the object was committed or abandoned (there must be none).</summary>
    public int LateWrites { get; private set; }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        if (Committed || Abandoned) LateWrites++;
        if (++_writes > failWritesAfter) throw new IOException("No space left on device : '/staging/chunk.zst'", 28);
        _bytes.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask CommitCoreAsync(CancellationToken ct)
    {
        if (failCommit) throw new IOException("commit refused");
        Committed = true;
        return ValueTask.CompletedTask;
    }

    protected override ValueTask AbandonAsync()
    {
        Abandoned = true;
        return ValueTask.CompletedTask;
    }
}
