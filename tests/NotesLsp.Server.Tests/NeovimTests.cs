using System.Diagnostics;
using System.Text.Json;

namespace NotesLsp.Server.Tests;

/// <summary>
/// Acceptance through a real client: tests/nvim/acceptance.lua drives the server with Neovim's built-in LSP client
/// (headless). Neovim must be installed (`apt-get install -y neovim`); without it this test fails on purpose.
/// </summary>
[Trait("Category", "LinuxEditors")]
public sealed class NeovimTests
{
    [Fact]
    public async Task Neovim_builtin_client_gets_diagnostics_completion_definition_symbols_and_code_lenses()
    {
        var nvim = FindOnPath("nvim");
        Assert.True(nvim is not null, "nvim was not found on PATH. The Neovim acceptance test needs it: install it with `apt-get install -y neovim` (Debian 12 ships 0.7.2; .ci/run installs it).");

        using var ws = new TempWorkspace();
        foreach (var file in TestData.CorpusFiles)
        {
            ws.Copy(file);
        }

        // KnowledgeEditing.notes has no problem of its own: glued-entry hints (off by default) give Neovim diagnostics to show.
        ws.Write("notes-lsp.json", "{ \"rules\": { \"glued-entry\": \"hint\" } }");

        var script = Path.Combine(TestData.RepoRoot, "tests", "nvim", "acceptance.lua");
        var result = Path.Combine(ws.Root, ".nvim", "result.json");
        Directory.CreateDirectory(Path.GetDirectoryName(result)!);
        var info = new ProcessStartInfo(nvim!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ws.Root,
        };
        foreach (var arg in new[] { "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile " + script })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NOTES_LSP_CMD"] = LspClient.ServerCommand;
        info.Environment["NOTES_LSP_ROOT"] = ws.Root;
        info.Environment["NOTES_LSP_FILE"] = Path.Combine(ws.Root, "KnowledgeEditing.notes");
        info.Environment["NOTES_LSP_RESULT"] = result;
        foreach (var xdg in new[] { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME" })
        {
            info.Environment[xdg] = Path.Combine(ws.Root, ".nvim", xdg.ToLowerInvariant());
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Neovim did not finish within 120 s: " + await stderr);
        }

        Assert.True(File.Exists(result), $"the Lua script wrote no report (exit {process.ExitCode}): {await stdout} {await stderr}");
        using var report = JsonDocument.Parse(File.ReadAllText(result));
        var failures = report.RootElement.GetProperty("checks").EnumerateArray()
            .Where(c => !c.GetProperty("ok").GetBoolean())
            .Select(c => $"{c.GetProperty("name").GetString()}: {c.GetProperty("detail").GetString()}")
            .ToList();
        Assert.True(failures.Count == 0, "Neovim checks failed:\n" + string.Join("\n", failures));
        Assert.Equal(0, process.ExitCode);
        var names = report.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        foreach (var required in new[] { "diagnostics arrive", "completion lists tags", "definition jumps", "document symbols list the entries", "code lenses resolve with reference counts", "code lens command fills the quickfix list", "pushed diagnostics still arrive", "incremental change re-publishes diagnostics", "server exits with 0 after shutdown" })
        {
            Assert.Contains(required, names);
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
