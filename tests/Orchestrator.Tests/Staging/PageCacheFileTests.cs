using Orchestrator.Core.Staging;

namespace Orchestrator.Tests.Staging;

public class PageCacheFileTests
{
    [Fact]
    public async Task Async_reads_and_writes_complete_on_the_callers_thread_and_keep_every_byte()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pcf-{Guid.NewGuid():N}");
        var data = new byte[300_000];
        new Random(3).NextBytes(data);
        try
        {
            await using (var file = new PageCacheFile(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)))
                for (var i = 0; i < data.Length; i += 70_000)
                {
                    var write = file.WriteAsync(data.AsMemory(i, Math.Min(70_000, data.Length - i)));
                    Assert.True(write.IsCompletedSuccessfully, "a write went to the thread pool");
                    await write;
                }

            var read = new MemoryStream();
            await using (var file = new PageCacheFile(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)))
            {
                var buffer = new byte[65536];
                while (true)
                {
                    var pending = file.ReadAsync(buffer.AsMemory());
                    Assert.True(pending.IsCompletedSuccessfully, "a read went to the thread pool");
                    var n = await pending;
                    if (n == 0) break;
                    read.Write(buffer, 0, n);
                }
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => file.ReadAsync(buffer, 0, 1, new CancellationToken(true)));
            }
            Assert.Equal(data, read.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
