using Microsoft.Extensions.Logging;
using NotesLsp.Server.Protocol;

namespace NotesLsp.Server.Hosting;

/// <summary>
/// Logging for the server: warnings and errors go to stderr (Neovim shows every stderr line as an error, so
/// nothing below a warning goes there unless <c>NOTES_LSP_LOG</c> asks for it), and once the client is
/// connected, information and above also go to it as <c>window/logMessage</c>. Never stdout: that is the protocol.
/// </summary>
public sealed class LspLoggerProvider : ILoggerProvider
{
    private readonly TextWriter stderr;
    private readonly LogLevel stderrLevel;
    private readonly Lock gate = new();

    public LspLoggerProvider(TextWriter stderr, LogLevel stderrLevel)
    {
        this.stderr = stderr;
        this.stderrLevel = stderrLevel;
    }

    /// <summary>Sends a message to the client (type per <c>window/logMessage</c>); set once the session is up.</summary>
    public Action<int, string>? ClientSink { get; set; }

    public LogLevel ClientLevel { get; set; } = LogLevel.Information;

    public static LogLevel LevelFromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable("NOTES_LSP_LOG");
        return value?.ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "error" => LogLevel.Error,
            "none" or "off" => LogLevel.None,
            _ => LogLevel.Warning,
        };
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        if (level >= stderrLevel && level != LogLevel.None)
        {
            lock (gate)
            {
                stderr.WriteLine($"notes-lsp [{level}] {category}: {message}{(exception is null ? string.Empty : " (" + exception.GetType().Name + ": " + exception.Message + ")")}");
                stderr.Flush();
            }
        }

        if (level >= ClientLevel && ClientSink is { } sink)
        {
            var type = level switch
            {
                LogLevel.Critical or LogLevel.Error => Lsp.MessageError,
                LogLevel.Warning => Lsp.MessageWarning,
                LogLevel.Information => Lsp.MessageInfo,
                _ => Lsp.MessageLog,
            };
            sink(type, exception is null ? message : $"{message}\n{exception}");
        }
    }

    private sealed class Logger(LspLoggerProvider owner, string category) : ILogger
    {
        private readonly string shortCategory = category[(category.LastIndexOf('.') + 1)..];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None && (logLevel >= owner.stderrLevel || (owner.ClientSink is not null && logLevel >= owner.ClientLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, shortCategory, formatter(state, exception), exception);
            }
        }
    }
}
