using System.Text;
using Npgsql;
using Orchestrator.Core.Staging;

namespace Orchestrator.Core.Target;

/// <summary>
/// COPY as byte streams in either format. Npgsql exposes binary COPY as a Stream but text COPY as a TextReader or
/// TextWriter; these adapters make both look like bytes (UTF-8, the database encoding we require), so chunking,
/// digests and staging do not care which format a table uses.
/// </summary>
public static class CopyStreams
{
    public static async Task<Stream> OpenCopyOutAsync(NpgsqlConnection connection, string sql, CopyFormat format, CancellationToken ct)
    {
#pragma warning disable CA2000 // the returned CopyOut owns the COPY stream and closes it
        if (format == CopyFormat.Binary)
        {
            var raw = await connection.BeginRawBinaryCopyAsync(sql, ct);
            return new CopyOut(new FullReads(raw), raw.Cancel);
        }
        var reader = (NpgsqlCopyTextReader)await connection.BeginTextExportAsync(sql, ct);
        return new CopyOut(new TextReaderStream(reader), reader.Cancel);
#pragma warning restore CA2000
    }

    public static async Task<CopyIn> OpenCopyInAsync(NpgsqlConnection connection, string sql, CopyFormat format, CancellationToken ct)
    {
        if (format == CopyFormat.Binary)
        {
            var raw = await connection.BeginRawBinaryCopyAsync(sql, ct);
            return new CopyIn(raw, () => raw.CancelAsync());
        }
        var writer = (NpgsqlCopyTextWriter)await connection.BeginTextImportAsync(sql, ct);
        return new CopyIn(new TextWriterStream(writer), () => writer.CancelAsync());
    }

    /// <summary>A COPY FROM STDIN: dispose to complete it, or cancel to abandon it (nothing is written).</summary>
    public sealed record CopyIn(Stream Stream, Func<Task> CancelAsync);

    /// <summary>
    /// A COPY TO STDOUT. Closed before its end (its reader failed: the store, a rule, a cancellation), it is cancelled
    /// on the server and closed on a pool thread: Npgsql ends an unfinished COPY by reading the rest of it with
    /// blocking socket reads, which would read a whole chunk for nothing, and which hang for good when they run on the
    /// socket's own event thread (the migrator runs socket continuations there, SocketCompletions).
    /// </summary>
    sealed class CopyOut(Stream inner, Action cancel) : ForwardOnlyStream(readable: true)
    {
        bool _ended, _closed;

        public override int Read(byte[] buffer, int offset, int count) => Ended(inner.Read(buffer, offset, count), count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var read = Ended(await inner.ReadAsync(buffer, ct), buffer.Length);
            Activities.ActivityPulse.Beat();
            return read;
        }

        int Ended(int read, int asked)
        {
            if (read == 0 && asked > 0) _ended = true;
            return read;
        }

        public override async ValueTask DisposeAsync()
        {
            if (_closed) return;
            _closed = true;
            if (_ended) await inner.DisposeAsync();
            else await Task.Run(Abandon);
            GC.SuppressFinalize(this);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                _closed = true;
                if (_ended) inner.Dispose();
                else Task.Run(Abandon).GetAwaiter().GetResult();
            }
            base.Dispose(disposing);
        }

        // The server stops sending and answers the cancel with an error, which is the expected end here.
        void Abandon()
        {
            try { cancel(); } catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException) { }
            try { inner.Dispose(); } catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException) { }
        }
    }

    /// <summary>
    /// Fills each read. Npgsql's raw COPY stream returns at most one CopyData message per read, and PostgreSQL sends
    /// a message per row: without this, every ~360-byte row of an extract went through the digest, the codec and the
    /// staging streams as a write of its own (two million of them for two million rows).
    /// </summary>
    internal sealed class FullReads(Stream inner) : ForwardOnlyStream(readable: true)
    {
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var filled = 0;
            for (int read; filled < buffer.Length && (read = inner.Read(buffer[filled..])) > 0;) filled += read;
            return filled;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var filled = 0;
            for (int read; filled < buffer.Length && (read = await inner.ReadAsync(buffer[filled..], ct)) > 0;) filled += read;
            return filled;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    sealed class TextReaderStream(TextReader reader) : ForwardOnlyStream(readable: true)
    {
        readonly Encoder _encoder = new UTF8Encoding(false).GetEncoder();
        readonly char[] _chars = new char[16 * 1024];
        byte[] _pending = [];
        int _offset;
        bool _done;

        public override int Read(byte[] buffer, int offset, int count)
            => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            while (_offset == _pending.Length && !_done)
            {
                var read = await reader.ReadAsync(_chars.AsMemory(), ct);
                _done = read == 0;
                var bytes = new byte[_encoder.GetByteCount(_chars, 0, read, flush: _done)];
                _encoder.GetBytes(_chars, 0, read, bytes, 0, flush: _done);
                (_pending, _offset) = (bytes, 0);
            }
            var take = Math.Min(buffer.Length, _pending.Length - _offset);
            _pending.AsMemory(_offset, take).CopyTo(buffer);
            _offset += take;
            return take;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) reader.Dispose();
            base.Dispose(disposing);
        }
    }

    sealed class TextWriterStream(TextWriter writer) : WriteOnlyStream
    {
        readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        char[] _chars = new char[16 * 1024];

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            var needed = _decoder.GetCharCount(buffer.Span, flush: false);
            if (needed > _chars.Length) _chars = new char[needed];
            var count = _decoder.GetChars(buffer.Span, _chars, flush: false);
            await writer.WriteAsync(_chars.AsMemory(0, count), ct);
        }

        protected override ValueTask CloseAsync() => writer.DisposeAsync();
    }
}
