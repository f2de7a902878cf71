namespace NotesLsp.Benchmarks;

/// <summary>
/// Publishes the server with Native AOT from a copy of the checkout's sources (so the RID-specific restore never
/// touches the obj/ folders other builds are using), as
/// <c>dotnet publish src/NotesLsp -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=clang-14</c>.
/// </summary>
public static class AotPublish
{
    /// <summary>
    /// The native executable, or null with the publish error in <paramref name="error"/>. With
    /// <paramref name="relaxed"/>, the trim/AOT analysis warnings are not turned into errors
    /// (<c>-p:TreatWarningsAsErrors=false</c>): what the binary would do once they are dealt with.
    /// </summary>
    public static string? Publish(out string error, bool relaxed = false)
    {
        error = string.Empty;
        var env = Environment.GetEnvironmentVariable("NOTES_LSP_AOT");
        if (!string.IsNullOrEmpty(env))
        {
            return File.Exists(env) ? env : null;
        }

        var work = Path.Combine(BenchPaths.DataDir, "aot");
        var copy = Path.Combine(work, "src-copy");
        var output = Path.Combine(work, relaxed ? "out-relaxed" : "out");
        var changed = CopyTree(Path.Combine(BenchPaths.RepoRoot, "src"), Path.Combine(copy, "src"));
        foreach (var file in new[] { "Directory.Build.props", ".editorconfig", "README.md" })
        {
            var from = Path.Combine(BenchPaths.RepoRoot, file);
            if (File.Exists(from))
            {
                File.Copy(from, Path.Combine(copy, file), overwrite: true);
            }
        }

        // The last result is reused while the sources are unchanged (a publish takes minutes).
        var exe = Path.Combine(output, "NotesLsp");
        var cached = Path.Combine(work, relaxed ? "result-relaxed.txt" : "result.txt");
        if (!changed && File.Exists(cached))
        {
            var last = File.ReadAllText(cached);
            if (last == "ok" && File.Exists(exe))
            {
                return exe;
            }

            if (last != "ok")
            {
                error = last;
                return null;
            }
        }

        List<string> args = ["publish", "src/NotesLsp", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-p:CppCompilerAndLinker=clang-14", "-o", output, "-nologo"];
        if (relaxed)
        {
            args.Add("-p:TreatWarningsAsErrors=false");
        }

        Console.WriteLine($"  Native AOT: dotnet {string.Join(' ', args)} (in a copy of src/)");
        var (code, stdout, stderr) = MarkdownSuite.Run("dotnet", args, copy, TimeSpan.FromMinutes(25));
        if (code == 0 && File.Exists(exe))
        {
            File.WriteAllText(cached, "ok");
            return exe;
        }

        var lines = (stdout + "\n" + stderr).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Trim().Replace(copy, string.Empty, StringComparison.Ordinal)).Distinct().Take(8);
        error = string.Join(" / ", lines).Trim();
        if (error.Length == 0)
        {
            error = $"dotnet publish exited with {code}";
        }

        File.WriteAllText(cached, error);
        return null;
    }

    /// <summary>Copies a source tree without bin/ and obj/, replacing files that changed; true when any did.</summary>
    private static bool CopyTree(string from, string to)
    {
        var changed = false;
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj")
            {
                continue;
            }

            changed |= CopyTree(dir, Path.Combine(to, name));
        }

        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            if (!File.Exists(target) || File.ReadAllBytes(target).AsSpan().SequenceEqual(File.ReadAllBytes(file)) is false)
            {
                File.Copy(file, target, overwrite: true);
                changed = true;
            }
        }

        return changed;
    }
}
