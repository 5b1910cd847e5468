namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// A small tmpfs of its own, for a real "No space left on device": mounted in a new directory, grown with a remount,
/// always unmounted and removed at the end. Where mount is not permitted (a container without CAP_SYS_ADMIN), the
/// test is skipped and says so.
/// </summary>
sealed class Tmpfs : IAsyncDisposable
{
    public string Path { get; }

    Tmpfs(string path) => Path = path;

    public static async Task<Tmpfs> MountAsync(string size)
    {
        var path = Directory.CreateTempSubdirectory("orch-tmpfs-").FullName;
        var mount = await SystemCommand.RunAsync("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", path);
        if (mount.ExitCode != 0)
        {
            Directory.Delete(path);
            Assert.Skip($"mount -t tmpfs is not permitted here ({mount}): " +
                "the full-disk tests need root with CAP_SYS_ADMIN (eng/test runs as root)");
        }
        return new Tmpfs(path);
    }

    /// <summary>Grows (or shrinks) the filesystem in place; what it holds stays.</summary>
    public Task ResizeAsync(string size) => SystemCommand.MustAsync("mount", "-o", $"remount,size={size}", Path);

    public async ValueTask DisposeAsync()
    {
        var umount = await SystemCommand.RunAsync("umount", Path);
        if (umount.ExitCode != 0) await SystemCommand.RunAsync("umount", "-l", Path); // busy: detach it now, freed when released
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
