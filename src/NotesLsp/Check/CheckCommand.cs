using System.Diagnostics;
using NotesLsp.Analysis;

namespace NotesLsp.Check;

/// <summary><c>notes-lsp check</c>: resolves inputs, runs the shared rules, prints a report, returns the exit code.</summary>
internal static class CheckCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        CheckOptions options;
        try
        {
            options = CheckOptions.Parse(args);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"notes-lsp check: {e.Message}\n\n{CheckOptions.Help}");
            return 2;
        }

        if (args.Any(a => a is "-h" or "--help"))
        {
            stdout.WriteLine(CheckOptions.Help);
            return 0;
        }

        NotesConfig config;
        try
        {
            config = options.ConfigPath is { } path ? NotesConfig.Load(path) : NotesConfig.FindFor(Directory.GetCurrentDirectory());
            config = config.With(options.RuleOverrides);
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"notes-lsp check: configuration: {e.Message}");
            return 2;
        }

        var failures = new List<string>();
        var files = InputResolver.Resolve(options.Inputs, config, failures, stderr);
        using var progress = new ProgressLine(stderr, options.Progress ?? !Console.IsErrorRedirected);
        var report = CheckRun.Run(files, config, progress.Report);
        progress.Clear();
        report = report with { Failures = [.. failures, .. report.Failures] };
        foreach (var failure in report.Failures)
        {
            stderr.WriteLine($"notes-lsp check: {failure}");
        }

        try
        {
            if (options.OutputPath is { } outputPath)
            {
                using var file = File.Create(outputPath);
                Reporters.Write(report, options.Format, file);
            }
            else
            {
                stdout.Flush();
                using var stream = stdout == Console.Out ? Console.OpenStandardOutput() : new TextWriterStream(stdout);
                Reporters.Write(report, options.Format, stream);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"notes-lsp check: cannot write the report: {e.Message}");
            return 2;
        }

        return report.ExitCode;
    }

    /// <summary>A one-line "checked N/M files" on a terminal, shown only once a run has taken more than a second.</summary>
    private sealed class ProgressLine(TextWriter stderr, bool enabled) : IDisposable
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private long lastDraw;
        private bool drawn;

        public void Report(int done, int total)
        {
            if (!enabled || clock.ElapsedMilliseconds < 1000 || clock.ElapsedMilliseconds - lastDraw < 100)
            {
                return;
            }

            lastDraw = clock.ElapsedMilliseconds;
            drawn = true;
            stderr.Write($"\rnotes-lsp: checking {done}/{total} files ({100 * done / Math.Max(1, total)}%)…");
        }

        public void Clear()
        {
            if (drawn)
            {
                stderr.Write("\r\u001b[K");
                drawn = false;
            }
        }

        public void Dispose() => Clear();
    }

    /// <summary>Lets reporters that write bytes target a <see cref="TextWriter"/> (used by tests).</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly System.Text.Decoder decoder = new System.Text.UTF8Encoding(false).GetDecoder();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => writer.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var chars = new char[decoder.GetCharCount(buffer, offset, count)];
            decoder.GetChars(buffer, offset, count, chars, 0);
            writer.Write(chars);
        }
    }
}
