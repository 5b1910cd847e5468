using System.Diagnostics;
using System.Globalization;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.Cli;

/// <summary>Shows progress on stderr while a migration runs: overall rows, MB/s and ETA, and each table as it finishes.</summary>
sealed class ProgressRenderer(ProgressBoard board) : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly HashSet<string> _reported = [];
    Task? _loop;
    bool Interactive => !Console.IsErrorRedirected;

    public void Start() => _loop = Task.Run(async () =>
    {
        var period = TimeSpan.FromSeconds(Interactive ? 1 : 5);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(period, _stop.Token);
                Render();
            }
        }
        catch (OperationCanceledException) { }
    });

    void Render()
    {
        var tables = board.Tables;
        foreach (var t in tables.Where(t => t.Chunks > 0 && t.Done >= t.Chunks && _reported.Add(t.Table)))
            Write(string.Create(CultureInfo.InvariantCulture, $"  loaded {t.Table}: {t.Loaded:N0} rows in {t.Chunks} chunk(s)"),
                line: true);
        var loaded = tables.Sum(t => t.Loaded);
        var estimated = Math.Max(tables.Sum(t => t.EstimatedRows), 1);
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var mbPerSecond = tables.Sum(t => t.Bytes) / 1048576.0 / seconds;
        var rate = loaded / seconds;
        var eta = rate > 0 && estimated > loaded
            ? TimeSpan.FromSeconds((estimated - loaded) / rate).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--";
        var done = tables.Count(t => t.Chunks > 0 && t.Done >= t.Chunks);
        Write(string.Create(CultureInfo.InvariantCulture,
            $"  {done}/{tables.Count} tables, {loaded:N0}/~{estimated:N0} rows, {mbPerSecond:F1} MB/s, {rate:N0} rows/s, ETA {eta}"),
            line: !Interactive);
    }

    static void Write(string text, bool line)
    {
        if (line) Console.Error.WriteLine(Console.IsErrorRedirected ? text : "\r" + text.PadRight(100));
        else Console.Error.Write("\r" + text.PadRight(100));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null) await _loop;
        _stop.Dispose();
        Render();
        if (Interactive) Console.Error.WriteLine();
    }
}
