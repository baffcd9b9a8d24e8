namespace Egov.Cli;

/// <summary>
/// Where the tool writes: results to <see cref="Out"/>, progress and errors to <see cref="Err"/>. Every message is
/// Vietnamese first, then English after " / ".
/// </summary>
public sealed class CliIo(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;
    public TextWriter Err { get; } = error;
    private bool _progressOpen;
    private int _lastPercent = -1;

    public static string Say(string vi, string en) => $"{vi} / {en}";

    public void Line(string vi, string en) => Out.WriteLine(Say(vi, en));

    public void Error(string vi, string en)
    {
        EndProgress();
        Err.WriteLine($"Lỗi: {vi} / Error: {en}");
    }

    /// <summary>A status line on stderr (e.g. the demo seeder's steps).</summary>
    public void Status(string text)
    {
        EndProgress();
        Err.WriteLine(text);
    }

    /// <summary>A percentage line on stderr, rewritten in place until <see cref="EndProgress"/>.</summary>
    public void Progress(string label, long done, long total)
    {
        var percent = total <= 0 ? 100 : (int)Math.Clamp(done * 100 / total, 0, 100);
        if (percent == _lastPercent && _progressOpen) return;
        _lastPercent = percent;
        _progressOpen = true;
        Err.Write($"\r{label}: {percent,3}% ({done}/{total})");
        Err.Flush();
    }

    public void EndProgress()
    {
        if (!_progressOpen) return;
        Err.WriteLine();
        _progressOpen = false;
        _lastPercent = -1;
    }
}

/// <summary>A failure the operator can fix (bad file, unknown account, missing tool): one line, exit code 1 unless told.</summary>
public sealed class CliException(string messageVi, string messageEn, int exitCode = ExitCodes.UserError) : Exception(messageEn)
{
    public string MessageVi { get; } = messageVi;
    public int ExitCode { get; } = exitCode;
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int UserError = 1;
    public const int Usage = 2;
    public const int AuditTampered = 3;
    public const int Cancelled = 130;
}

/// <summary>Reports synchronously, so progress lines keep their order with the rest of the output.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
