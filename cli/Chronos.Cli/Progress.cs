using System.Diagnostics;
using Spectre.Console;

namespace Chronos.Cli;

/// <summary>
/// Progress of a long copy on stderr: on a terminal, Spectre.Console's live progress bar (counts, rate, elapsed and
/// remaining time); on redirected output, a plain line every second (what scripts and tests read).
/// </summary>
internal sealed class Progress : IDisposable
{
    private readonly string _title;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private readonly Task? _live;
    private readonly CancellationTokenSource _finished = new();
    private long _done;
    private long _alreadyThere;

    private Progress(string title, long total, bool live)
    {
        _title = title;
        _total = total;
        if (live) _live = ShowLiveAsync();
        else _timer = new Timer(_ => Report(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Starts reporting: the live bar when stderr is an interactive terminal, plain lines otherwise.</summary>
    public static Progress Start(string title, long total) =>
        new(title, total, live: !Console.IsErrorRedirected && Output.Error.Profile.Capabilities.Interactive);

    public void Add(long count) => Interlocked.Add(ref _done, count);

    /// <summary>Counts records a previous (interrupted) run already wrote: done, but not written now.</summary>
    public void AlreadyThere(long count)
    {
        Interlocked.Add(ref _alreadyThere, count);
        Interlocked.Add(ref _done, count);
    }

    public void Note(string text) => Output.Error.WriteLine($"{_title}: {text}");

    public void Finish()
    {
        _timer?.Change(Timeout.Infinite, Timeout.Infinite);
        _finished.Cancel();
        if (_live is null) Report();
        else _live.GetAwaiter().GetResult();   // draws the last state, then returns
        var already = Interlocked.Read(ref _alreadyThere);
        Output.Error.WriteLine($"{_title}: done, {Interlocked.Read(ref _done) - already:N0} events written now, {already:N0} already there");
    }

    private string Counts(long done) => $"{done:N0}/{_total:N0} events, {done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001):N0}/s";

    private void Report()
    {
        var done = Interlocked.Read(ref _done);
        Output.Error.WriteLine($"{_title}: {(_total == 0 ? "" : Bar(done, _total))} {Counts(done)}, {_clock.Elapsed:hh\\:mm\\:ss}");
    }

    private static string Bar(long done, long total)
    {
        const int width = 30;
        var filled = (int)Math.Min(width, done * width / Math.Max(total, 1));
        return "[" + new string('#', filled) + new string('.', width - filled) + "]";
    }

    private Task ShowLiveAsync() => Output.Error.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
            new ElapsedTimeColumn(), new RemainingTimeColumn())
        .StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape(_title), maxValue: Math.Max(_total, 1));
            while (true)
            {
                var done = Interlocked.Read(ref _done);
                task.Value = done;
                task.Description = Markup.Escape($"{_title}  {Counts(done)}");
                if (_finished.IsCancellationRequested) return;
                try
                {
                    await Task.Delay(250, _finished.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

    public void Dispose()
    {
        _timer?.Dispose();
        _finished.Cancel();
        try
        {
            _live?.Wait(TimeSpan.FromSeconds(2));   // the live display gives the terminal back before the error is printed
        }
        catch (AggregateException)
        {
        }
        _finished.Dispose();
    }
}
