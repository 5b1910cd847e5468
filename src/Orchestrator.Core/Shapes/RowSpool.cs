namespace Orchestrator.Core.Shapes;

/// <summary>
/// One output row, held until every field is shaped (a later field may still reject the row): in memory up to
/// 4 MB, then in a temporary file, so a row with a large value passes without being held in memory.
/// </summary>
sealed class RowSpool : IAsyncDisposable
{
    const int InMemoryLimit = 4 << 20;
    readonly MemoryStream _memory = new();
    FileStream? _file;
    bool _spilled;

    Stream Sink => _spilled ? _file! : _memory;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        if (!_spilled && _memory.Length + bytes.Length > InMemoryLimit)
        {
            _file ??= new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            _file.SetLength(0);
            _memory.Position = 0;
            await _memory.CopyToAsync(_file, ct);
            _spilled = true;
        }
        await Sink.WriteAsync(bytes, ct);
    }

    public async ValueTask CopyToAsync(Stream output, CancellationToken ct)
    {
        if (!_spilled) { await output.WriteAsync(_memory.GetBuffer().AsMemory(0, (int)_memory.Length), ct); return; }
        _file!.Position = 0;
        await _file.CopyToAsync(output, ct);
    }

    public void Reset()
    {
        _memory.SetLength(0);
        if (_spilled) { _file!.SetLength(0); _spilled = false; }
    }

    public async ValueTask DisposeAsync()
    {
        await _memory.DisposeAsync();
        if (_file is not null) await _file.DisposeAsync();
    }
}
