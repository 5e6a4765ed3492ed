using System.Diagnostics;
using System.Globalization;
using Blobasaur.Storage.Maintenance;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Blobasaur.Cli;

/// <summary>Spectre.Console progress bars (one per phase) with rate and ETA, for an interactive terminal.</summary>
internal sealed class SpectreMigrationProgress(ProgressContext context) : IMigrationProgress
{
    private ProgressTask? _task;

    public static ProgressColumn[] Columns() =>
    [
        new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(),
        new ElapsedTimeColumn(), new RemainingTimeColumn(),
    ];

    public void Phase(string name, long total, string unit)
    {
        if (_task is { IsFinished: false } previous)
            previous.Value = previous.MaxValue;
        _task = context.AddTask($"{name} ({unit})", maxValue: Math.Max(1, total));
        if (total == 0)
            _task.Value = 1;
    }

    public void Advance(long units) => _task?.Increment(units);

    public void Note(string message) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

    public void Finish()
    {
        if (_task is { IsFinished: false } last)
            last.Value = last.MaxValue;
    }

    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed.ToString("0", CultureInfo.InvariantCulture)}/s" : "-/s");
    }
}

/// <summary>Plain lines (a phase, then one line per second with rate and ETA) when the output is not a terminal.</summary>
internal sealed class TextMigrationProgress(TextWriter output) : IMigrationProgress
{
    private readonly Stopwatch _phaseClock = new();
    private long _lastPrintMs;
    private string _name = "";
    private string _unit = "";
    private long _total, _done;

    public void Phase(string name, long total, string unit)
    {
        Flush();
        (_name, _unit, _total, _done) = (name, unit, total, 0);
        _phaseClock.Restart();
        _lastPrintMs = 0;
        output.WriteLine($"{name}: {total} {unit}");
    }

    public void Advance(long units)
    {
        _done += units;
        if (_phaseClock.ElapsedMilliseconds - _lastPrintMs >= 1000)
            Print();
    }

    public void Note(string message) => output.WriteLine(message);

    public void Flush()
    {
        if (_name.Length > 0 && _done > 0)
            Print();
    }

    private void Print()
    {
        _lastPrintMs = _phaseClock.ElapsedMilliseconds;
        var seconds = Math.Max(0.001, _phaseClock.Elapsed.TotalSeconds);
        var rate = _done / seconds;
        var eta = rate > 0 ? TimeSpan.FromSeconds((_total - _done) / rate) : TimeSpan.Zero;
        var percent = _total > 0 ? 100.0 * _done / _total : 100;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{_name}: {_done}/{_total} {_unit} ({percent:0.0}%), {rate:0} {_unit}/s, ETA {eta:hh\\:mm\\:ss}"));
    }
}
