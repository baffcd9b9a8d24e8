using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Egov.Web.Setup;

/// <summary>
/// The host's log lines on standard output, written in blocks: Serilog's console sink flushes after every line, one system
/// call per request, which under load cost a tenth of a look-up's CPU. Lines are flushed every quarter of a second, when
/// the buffer fills, and at once for warnings and errors; a crash loses at most the last quarter-second of information lines.
/// </summary>
public sealed class BufferedConsole : ILogEventSink, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly ITextFormatter _formatter;
    private readonly StreamWriter _out = new(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
    private readonly Lock _lock = new();
    private readonly Timer _timer;

    public BufferedConsole(ITextFormatter formatter)
    {
        _formatter = formatter;
        _timer = new Timer(_ => Flush(), null, Interval, Interval);
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            _formatter.Format(logEvent, _out);
            if (logEvent.Level >= LogEventLevel.Warning) _out.Flush();
        }
    }

    private void Flush()
    {
        lock (_lock)
        {
            try { _out.Flush(); }
            catch (IOException) { }  // standard output closed: nothing to do about it here
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }
}
