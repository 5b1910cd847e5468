using System.Security.Cryptography;

namespace Orchestrator.Core.Staging;

/// <summary>Where an external artifact lives: the row keeps this as jsonb ({"uri", "sha256", "bytes"}).</summary>
public sealed record ArtifactRef(string Uri, string Sha256, long Bytes);

/// <summary>
/// Content-addressed artifacts in the staging store's artifacts area (artifacts/sha256/&lt;hex&gt;, beside the
/// migrations, shared by them): a value is streamed in under a temporary name while hashed, then kept under its
/// SHA-256, so identical artifacts are stored once and a retried write is harmless.
/// </summary>
public interface IArtifactStore
{
    Task<ArtifactWriter> BeginAsync(CancellationToken ct = default);

    /// <summary>A stored artifact's bytes, or null when it is missing.</summary>
    Task<Stream?> OpenAsync(string sha256, CancellationToken ct = default);
}

/// <summary>One artifact being written: pieces in order, then Complete; disposing without Complete discards it.</summary>
public abstract class ArtifactWriter : IAsyncDisposable
{
    readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    protected long Written { get; private set; }
    protected bool Completed { get; set; }

    protected abstract Stream Sink { get; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> piece, CancellationToken ct)
    {
        _sha.AppendData(piece.Span);
        Written += piece.Length;
        await Sink.WriteAsync(piece, ct);
    }

    public async Task<ArtifactRef> CompleteAsync(CancellationToken ct)
    {
        var sha = Convert.ToHexStringLower(_sha.GetHashAndReset());
        var uri = await KeepAsync(sha, ct);
        Completed = true;
        return new ArtifactRef(uri, sha, Written);
    }

    /// <summary>Closes the temporary object and keeps it under its hash (unless already there); returns the uri.</summary>
    protected abstract Task<string> KeepAsync(string sha256, CancellationToken ct);

    /// <summary>Closes the sink; without Complete, also discards what was written.</summary>
    protected abstract ValueTask CloseAsync();

    public async ValueTask DisposeAsync()
    {
        try { await CloseAsync(); }
        finally { _sha.Dispose(); }
        GC.SuppressFinalize(this);
    }

    public static string Name(string sha256) => $"artifacts/sha256/{sha256}";
}

public sealed class LocalArtifactStore(string root) : IArtifactStore
{
    public Task<ArtifactWriter> BeginAsync(CancellationToken ct = default)
    {
        var incoming = Path.Combine(root, "artifacts", "incoming");
        Directory.CreateDirectory(incoming);
        return Task.FromResult<ArtifactWriter>(new Writer(root, Path.Combine(incoming, Guid.NewGuid().ToString("N"))));
    }

    public Task<Stream?> OpenAsync(string sha256, CancellationToken ct = default)
    {
        var path = PathOf(root, sha256);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan) : null);
    }

    static string PathOf(string root, string sha256)
        => Path.Combine(root, ArtifactWriter.Name(sha256).Replace('/', Path.DirectorySeparatorChar));

    sealed class Writer(string root, string temp) : ArtifactWriter
    {
        readonly FileStream _file = new(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        protected override Stream Sink => _file;

        protected override async Task<string> KeepAsync(string sha256, CancellationToken ct)
        {
            await _file.FlushAsync(ct);
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
            var path = PathOf(root, sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (File.Exists(path)) File.Delete(temp);
            else
                try { File.Move(temp, path); }
                catch (IOException) when (File.Exists(path)) { File.Delete(temp); } // a parallel chunk kept the same bytes
            return new Uri(path).AbsoluteUri;
        }

        protected override async ValueTask CloseAsync()
        {
            await _file.DisposeAsync();
            if (!Completed && File.Exists(temp)) File.Delete(temp);
        }
    }
}
