using System.Globalization;
using System.Text;
using System.Text.Json;
using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Check;

/// <summary>Output formats are small writers over one <see cref="CheckReport"/>.</summary>
internal static class Reporters
{
    public static void Write(CheckReport report, OutputFormat format, Stream output)
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(report, output);
                break;
            case OutputFormat.Sarif:
                WriteSarif(report, output);
                break;
            default:
                using (var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
                {
                    if (format == OutputFormat.Github)
                    {
                        WriteGithub(report, writer);
                    }
                    else
                    {
                        WriteText(report, writer);
                    }
                }

                break;
        }
    }

    /// <summary><c>path:line:col: severity CODE message</c> (1-based, UTF-16 columns), the source line and a caret.</summary>
    private static void WriteText(CheckReport report, TextWriter writer)
    {
        foreach (var file in report.Files)
        {
            foreach (var d in file.Diagnostics.Where(ShownInLogs))
            {
                writer.WriteLine($"{file.Path}:{d.Start.Line + 1}:{d.Start.Character + 1}: {d.Diagnostic.Severity.Display()} {d.Diagnostic.Code} {d.Diagnostic.Message}");
                var (line, caretColumn, caretWidth) = Excerpt(d);
                writer.WriteLine("    " + line);
                writer.WriteLine("    " + new string(' ', caretColumn) + "^" + new string('~', Math.Max(0, caretWidth - 1)));
            }
        }

        var s = Summary(report);
        writer.WriteLine($"{s.Files} file(s), {s.Entries} entries: {s.Errors} error(s), {s.Warnings} warning(s), {s.Information} information, {s.Hints} hint(s)");
    }

    /// <summary>The source line cut to at most 120 display columns around the diagnostic, with the caret's display column and width.</summary>
    private static (string Line, int CaretColumn, int CaretWidth) Excerpt(ReportedDiagnostic d)
    {
        var line = d.SourceLine;
        var start = Math.Min(d.Start.Character, line.Length);
        var end = d.End.Line == d.Start.Line ? Math.Clamp(d.End.Character, start, line.Length) : line.Length;
        var from = Math.Max(0, start - 40);
        if (from > 0 && char.IsLowSurrogate(line[from]))
        {
            from--;
        }

        var to = Math.Min(line.Length, Math.Max(end, start + 1) + 40);
        if (to < line.Length && to > 0 && char.IsHighSurrogate(line[to - 1]))
        {
            to++;
        }

        var prefix = from > 0 ? "…" : string.Empty;
        var shown = prefix + line[from..to] + (to < line.Length ? "…" : string.Empty);
        var caretColumn = DisplayWidth(prefix) + DisplayWidth(line.AsSpan(from, start - from));
        var caretWidth = Math.Max(1, DisplayWidth(line.AsSpan(start, Math.Min(end, to) - start)));
        return (shown, caretColumn, caretWidth);
    }

    /// <summary>Terminal columns: East Asian wide and full-width characters take two.</summary>
    internal static int DisplayWidth(ReadOnlySpan<char> text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format)
            {
                continue;
            }

            var wide = v is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
                or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1FAFF or >= 0x20000 and <= 0x3FFFD;
            width += wide ? 2 : 1;
        }

        return width;
    }

    private static void WriteJson(CheckReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartArray("files");
        foreach (var file in report.Files)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteNumber("entries", file.Entries);
            json.WriteStartArray("diagnostics");
            foreach (var d in file.Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("code", d.Diagnostic.Code);
                json.WriteString("name", d.Diagnostic.Rule.Name);
                json.WriteString("severity", d.Diagnostic.Severity.Display());
                json.WriteString("message", d.Diagnostic.Message);
                json.WriteStartObject("range");
                WritePosition(json, "start", d.Start);
                WritePosition(json, "end", d.End);
                json.WriteEndObject();
                if (d.Diagnostic.Fix is { } fix)
                {
                    json.WriteStartObject("fix");
                    json.WriteString("title", fix.Title);
                    json.WriteString("safety", fix.Safety == FixSafety.Safe ? "safe" : "unsafe");
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        var s = Summary(report);
        json.WriteStartObject("summary");
        json.WriteNumber("files", s.Files);
        json.WriteNumber("entries", s.Entries);
        json.WriteNumber("errors", s.Errors);
        json.WriteNumber("warnings", s.Warnings);
        json.WriteNumber("information", s.Information);
        json.WriteNumber("hints", s.Hints);
        json.WriteEndObject();
        if (report.Failures.Count > 0)
        {
            json.WriteStartArray("failures");
            foreach (var f in report.Failures)
            {
                json.WriteStringValue(f);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WritePosition(Utf8JsonWriter json, string name, LinePosition p)
    {
        json.WriteStartObject(name);
        json.WriteNumber("line", p.Line);
        json.WriteNumber("character", p.Character);
        json.WriteEndObject();
    }

    /// <summary>SARIF 2.1.0 with UTF-16 columns, one run, the full rule catalogue in the driver.</summary>
    private static void WriteSarif(CheckReport report, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var ruleIndex = Rules.All.Select((r, i) => (r, i)).ToDictionary(x => x.r.Code, x => x.i, StringComparer.Ordinal);
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "notes-lsp");
        json.WriteString("semanticVersion", typeof(Reporters).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        json.WriteStartArray("rules");
        foreach (var rule in Rules.All)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Code);
            json.WriteString("name", rule.Name);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Summary);
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", rule.Explanation);
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", SarifLevel(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteStartArray("results");
        foreach (var file in report.Files)
        {
            foreach (var d in file.Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", d.Diagnostic.Code);
                json.WriteNumber("ruleIndex", ruleIndex[d.Diagnostic.Code]);
                json.WriteString("level", SarifLevel(d.Diagnostic.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", d.Diagnostic.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", SarifUri(file.Path));
                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", d.Start.Line + 1);
                json.WriteNumber("startColumn", d.Start.Character + 1);
                json.WriteNumber("endLine", d.End.Line + 1);
                json.WriteNumber("endColumn", d.End.Character + 1);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
    }

    private static string SarifLevel(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Off => "none",
        _ => "note",
    };

    /// <summary>A relative path stays a relative URI reference (resolved against the checkout by code scanning).</summary>
    private static string SarifUri(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return new Uri(path).AbsoluteUri;
        }

        return string.Join('/', path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>GitHub Actions workflow commands: <c>::error file=…,line=…,col=…::message</c>.</summary>
    private static void WriteGithub(CheckReport report, TextWriter writer)
    {
        foreach (var file in report.Files)
        {
            foreach (var d in file.Diagnostics.Where(ShownInLogs))
            {
                var command = d.Diagnostic.Severity switch
                {
                    Severity.Error => "error",
                    Severity.Warning => "warning",
                    _ => "notice",
                };
                writer.WriteLine(
                    $"::{command} file={Property(file.Path)},line={d.Start.Line + 1},col={d.Start.Character + 1},endLine={d.End.Line + 1},endColumn={d.End.Character + 1},title={Property(d.Diagnostic.Code + " " + d.Diagnostic.Rule.Name)}::{Data(d.Diagnostic.Message)}");
            }
        }

        foreach (var failure in report.Failures)
        {
            writer.WriteLine($"::error title=notes-lsp::{Data(failure)}");
        }
    }

    /// <summary>Hints are editor suggestions: line-oriented output counts them but does not list them (JSON and SARIF keep all).</summary>
    private static bool ShownInLogs(ReportedDiagnostic d) => d.Diagnostic.Severity >= Severity.Information;

    private static string Data(string text) => text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string text) => Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static (int Files, int Entries, int Errors, int Warnings, int Information, int Hints) Summary(CheckReport report) =>
        (report.Files.Count, report.Files.Sum(f => f.Entries), report.Count(Severity.Error), report.Count(Severity.Warning), report.Count(Severity.Information), report.Count(Severity.Hint));
}
