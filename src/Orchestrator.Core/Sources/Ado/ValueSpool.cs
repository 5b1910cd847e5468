using System.Text;

namespace Orchestrator.Core.Sources.Ado;

/// <summary>
/// A large value whose byte length must be written before its bytes (COPY fields are length-prefixed) and that a
/// sequential reader cannot read twice: text is re-encoded to UTF-8 on the way in. Kept in memory up to 1 MB, then
/// spilled to a temporary file deleted on dispose, so memory stays bounded whatever the value's size.
/// </summary>
public sealed class ValueSpool : IAsyncDisposable
{
    const int InMemoryLimit = 1 << 20;
    readonly MemoryStream _memory = new();
    readonly Encoder _utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetEncoder();
    readonly Func<string> _newFile;
    byte[] _encoded = new byte[Encoding.UTF8.GetMaxByteCount(8192)];
    FileStream? _file;

    public ValueSpool() : this(Path.GetTempFileName) { }

    /// <param name="newFile">Where a value that outgrows memory is spilled (a test spills to a full device).</param>
    internal ValueSpool(Func<string> newFile) => _newFile = newFile;

    public long Length => Sink.Length;

    Stream Sink => _file ?? (Stream)_memory;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        string? path = null;
        try
        {
            if (_file is null && _memory.Length + bytes.Length > InMemoryLimit)
            {
                path = _newFile();
                _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                _memory.Position = 0;
                await _memory.CopyToAsync(_file, ct);
                _memory.SetLength(0);
            }
            await Sink.WriteAsync(bytes, ct);
        }
        catch (IOException e) when (path is not null || _file is not null)
        {
            // Keeps the system's error code, so a full disk is still told apart from a dropped connection.
            path ??= _file!.Name;
            throw new IOException($"spooling a large source value to {path} failed: {Staging.StagingFailedException.Reason(e, path)}. " +
                $"Make room in the temporary directory ({Path.GetDirectoryName(path)}; TMPDIR sets it)", e.HResult);
        }
        Activities.ActivityPulse.Beat(); // a large value read from the source is progress before its row is written
    }

    /// <summary>Characters as UTF-8; call once more with <paramref name="final"/> set to flush a split surrogate pair.</summary>
    public async ValueTask WriteCharsAsync(ReadOnlyMemory<char> chars, bool final, CancellationToken ct)
    {
        var max = Encoding.UTF8.GetMaxByteCount(chars.Length);
        if (max > _encoded.Length) _encoded = new byte[max];
        var count = _utf8.GetBytes(chars.Span, _encoded, final);
        await WriteAsync(_encoded.AsMemory(0, count), ct);
    }

    /// <summary>The spooled bytes from the start.</summary>
    public Stream Rewind()
    {
        Sink.Position = 0;
        return Sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _memory.DisposeAsync();
        if (_file is not null) await _file.DisposeAsync();
    }
}
