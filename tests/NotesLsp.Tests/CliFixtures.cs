using System.Text;

namespace NotesLsp.Tests;

/// <summary>
/// Tests that run <see cref="Program.RunAsync"/> in this process set static test seams (NoteFileWriter.BeforeReplace,
/// ProgressLine.DelayMilliseconds); they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessCliCollection
{
    public const string Name = "In-process CLI (static test seams)";
}

/// <summary>Real notes made into inputs for the writing commands, and ways to run the CLI and look at files.</summary>
public static class CliFixtures
{
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The corpus dump used for writes: 58 entries, 57 of them glued, no error.</summary>
    public static string Memory => Path.Combine(TestData.CorpusDir, "memory.notes");

    /// <summary>The corpus dump memory.notes with its first date unpadded (NL002, a safe fix).</summary>
    public static string WithUnpaddedDate(out string bad, out string good)
    {
        var text = File.ReadAllText(Memory);
        good = "Issue Date: 2026-03-08";
        bad = "Issue Date: 2026-3-8";
        Assert.Equal(1, Occurrences(text, good));
        return text.Replace(good, bad, StringComparison.Ordinal);
    }

    /// <summary>memory.notes with one use of its most frequent tag misspelt (NL012, an unsafe fix).</summary>
    public static string WithNearMissTag(out string typo, out string tag)
    {
        var text = File.ReadAllText(Memory);
        tag = "#LanguageModel ";
        typo = "#LanguageModle ";
        Assert.True(Occurrences(text, tag) >= 10, "memory.notes uses #LanguageModel often");
        Assert.Equal(0, Occurrences(text, typo));
        var at = text.IndexOf(tag, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), typo, text.AsSpan(at + tag.Length));
    }

    public static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    public static string NonWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>Runs the CLI's entry point (what Main calls) in this process.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunInProcessAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Program.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Every entry of a folder (names, recursively), to see that no temporary file was left behind.</summary>
    public static string[] Listing(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Select(p => Path.GetRelativePath(folder, p)).Order(StringComparer.Ordinal)];

    /// <summary>Runs a program that must succeed (chattr, mount, …); a failure fails the test loudly with its output.</summary>
    public static string Must(string program, params string[] args)
    {
        var (code, stdout, stderr) = Run(program, args);
        Assert.True(code == 0, $"'{program} {string.Join(' ', args)}' failed with {code}: this test needs it (run as root on Linux with {program}). {stdout}{stderr}");
        return stdout;
    }

    public static (int ExitCode, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        try
        {
            return Cli.RunProcess(program, args, Path.GetTempPath(), 60_000);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, string.Empty, $"{program}: {e.Message}");
        }
    }

    /// <summary>Lines of the CLI's stderr that are not its closing summary.</summary>
    public static string[] ErrorLines(string stderr) =>
        [.. stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("not written", StringComparison.Ordinal))];

    public static void AssertNoStackTrace(string output)
    {
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", output, StringComparison.Ordinal);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static UnixFileMode ModeOf(string path) => File.GetUnixFileMode(path);
}
