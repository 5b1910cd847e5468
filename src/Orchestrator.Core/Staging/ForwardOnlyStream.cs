namespace Orchestrator.Core.Staging;

/// <summary>Base of the pipeline's adapters: streams that only read forward, or only write forward, never seek.</summary>
public abstract class ForwardOnlyStream(bool readable) : Stream
{
    public override bool CanRead => readable;
    public override bool CanWrite => !readable;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
