using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotesLsp.Benchmarks;

/// <summary>One line of the results table: a measurement, its target and whether it meets it (null: no target).</summary>
public sealed record ResultRow(string Section, string Name, string Value, string Target = "", bool? Met = null, string Note = "");

/// <summary>Collects rows from every part of the suite and prints them as one Markdown table.</summary>
public sealed class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly List<ResultRow> rows = [];

    public IReadOnlyList<ResultRow> Rows => rows;

    /// <summary>The 1-minute load average when the process started (the table shows it next to the one at the end).</summary>
    public static string StartLoad { get; } = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public void Add(ResultRow row)
    {
        lock (rows)
        {
            rows.Add(row);
        }

        Console.WriteLine($"  [{row.Section}] {row.Name}: {row.Value}{(row.Target.Length > 0 ? $"  (target {row.Target}: {Verdict(row.Met)})" : string.Empty)}{(row.Note.Length > 0 ? "  — " + row.Note : string.Empty)}");
    }

    public void Add(string section, string name, string value, string target = "", bool? met = null, string note = "") =>
        Add(new ResultRow(section, name, value, target, met, note));

    public static string Verdict(bool? met) => met switch
    {
        true => "met",
        false => "MISSED",
        _ => string.Empty,
    };

    public string ToMarkdown(string mode)
    {
        var b = new StringBuilder();
        b.AppendLine(Machine(mode));
        b.AppendLine();
        foreach (var section in rows.Select(r => r.Section).Distinct())
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"#### {section}");
            b.AppendLine();
            b.AppendLine("| measurement | result | target | verdict | note |");
            b.AppendLine("|---|---:|---|---|---|");
            foreach (var r in rows.Where(r => r.Section == section))
            {
                b.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(r.Name)} | {Cell(r.Value)} | {Cell(r.Target)} | {Verdict(r.Met)} | {Cell(r.Note)} |");
            }

            b.AppendLine();
        }

        return b.ToString();
    }

    public string Save(string mode)
    {
        var dir = Path.Combine(BenchPaths.ArtifactsDir, "notes-lsp");
        Directory.CreateDirectory(dir);
        var md = Path.Combine(dir, $"results-{mode}.md");
        File.WriteAllText(md, ToMarkdown(mode));
        File.WriteAllText(Path.Combine(dir, $"results-{mode}.json"), JsonSerializer.Serialize(rows, JsonOptions));
        return md;
    }

    /// <summary>The machine line: nproc, CPU model, RAM, dotnet version, load average, date.</summary>
    public static string Machine(string mode)
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memKb = ReadFirst("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var ram = long.TryParse(memKb, out var kb) ? $"{kb / 1024.0 / 1024.0:0.0} GiB RAM" : "RAM unknown";
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        return $"Machine: {Environment.ProcessorCount} cores (nproc), {cpu}, {ram}, .NET SDK {DotnetVersion()} (runtime {Environment.Version}), " +
               $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load average {StartLoad} at the start, {load} at the end; mode `{mode}`; sources {Commit()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.";
    }

    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>The commit measured: NOTES_BENCH_COMMIT, else git's HEAD (with "+ uncommitted src changes" when src/ differs).</summary>
    private static string Commit()
    {
        var env = Environment.GetEnvironmentVariable("NOTES_BENCH_COMMIT");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        var head = Git("rev-parse --short HEAD");
        if (head.Length == 0)
        {
            return "unknown commit";
        }

        return Git("status --porcelain -- src").Length > 0 ? head + " + uncommitted src changes" : head;
    }

    private static string Git(string args)
    {
        try
        {
            var info = new ProcessStartInfo("git", $"-C \"{BenchPaths.RepoRoot}\" {args}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : string.Empty;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return string.Empty;
        }
    }

    private static string DotnetVersion()
    {
        try
        {
            var info = new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(info)!;
            var v = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return v;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    private static string? ReadFirst(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 ? line[(colon + 1)..].Trim() : null;
            }
        }

        return null;
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}

/// <summary>Latency samples in milliseconds with percentiles.</summary>
public sealed class Samples
{
    private readonly List<double> values = [];

    public int Count => values.Count;

    public void Add(double ms) => values.Add(ms);

    public double Percentile(double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public double P50 => Percentile(50);

    public double P95 => Percentile(95);

    public double P99 => Percentile(99);

    public double Max => values.Count == 0 ? double.NaN : values.Max();

    public override string ToString() =>
        Count == 0 ? "no samples" : $"p50 {Ms(P50)} · p95 {Ms(P95)} · p99 {Ms(P99)} ms (n={Count})";

    public static string Ms(double ms) => ms switch
    {
        double.NaN => "n/a",
        < 1 => ms.ToString("0.000", CultureInfo.InvariantCulture),
        < 100 => ms.ToString("0.00", CultureInfo.InvariantCulture),
        _ => ms.ToString("0", CultureInfo.InvariantCulture),
    };
}
