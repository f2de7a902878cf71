using System.Diagnostics;
using System.Text;

namespace NotesLsp.Tests;

/// <summary>Runs the real <c>notes-lsp</c> executable (the built NotesLsp.dll) and captures what it prints.</summary>
public static class Cli
{
    public static string NotesLspDll { get; } = FindDll();

    public static (int ExitCode, string Stdout, string Stderr) Run(string workingDirectory, params string[] args) =>
        RunProcess("dotnet", [NotesLspDll, .. args], workingDirectory);

    public static (int ExitCode, string Stdout, string Stderr) RunProcess(string fileName, IEnumerable<string> args, string workingDirectory, int timeoutMs = 300_000)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindDll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(TestData.RepoRoot, "src", "NotesLsp", "bin", configuration, "net10.0", "NotesLsp.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build src/NotesLsp first", path);
    }
}
