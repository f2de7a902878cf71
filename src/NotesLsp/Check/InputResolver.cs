using Microsoft.Extensions.FileSystemGlobbing;
using NotesLsp.Analysis;

namespace NotesLsp.Check;

/// <summary>Turns the command line's paths, directories and globs into a sorted, de-duplicated list of files.</summary>
internal static class InputResolver
{
    public static List<string> Resolve(IReadOnlyList<string> inputs, NotesConfig config, List<string> failures, TextWriter warnings)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var configRoot = config.Path is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(config.Path))!;
        foreach (var input in inputs.Count == 0 ? ["."] : inputs)
        {
            if (input.IndexOfAny(['*', '?', '[']) >= 0 && !File.Exists(input))
            {
                var (baseDir, pattern) = SplitGlob(input);
                var matcher = new Matcher(StringComparison.Ordinal);
                matcher.AddInclude(pattern);
                var matches = Directory.Exists(baseDir) ? matcher.GetResultsInFullPath(baseDir).Order(StringComparer.Ordinal).ToList() : [];
                if (matches.Count == 0)
                {
                    failures.Add($"{input}: no file matches this pattern");
                }

                foreach (var match in matches)
                {
                    files.Add(Display(match, input.StartsWith('/')));
                }
            }
            else if (Directory.Exists(input))
            {
                var found = NoteFileDiscovery.Enumerate(input, RelativeExcludes(config, configRoot, input), (path, problem) => warnings.WriteLine($"notes-lsp: {path}: {problem}"));
                foreach (var file in found)
                {
                    files.Add(Display(file, Path.IsPathRooted(input)));
                }
            }
            else if (File.Exists(input))
            {
                files.Add(Display(Path.GetFullPath(input), Path.IsPathRooted(input)));
            }
            else
            {
                failures.Add($"{input}: no such file or directory");
            }
        }

        return [.. files];
    }

    /// <summary>Paths are shown relative to the current directory when they were given that way.</summary>
    private static string Display(string fullPath, bool absolute)
    {
        if (absolute)
        {
            return fullPath;
        }

        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        return relative.Replace('\\', '/');
    }

    private static (string BaseDir, string Pattern) SplitGlob(string glob)
    {
        var normalized = glob.Replace('\\', '/');
        var parts = normalized.Split('/');
        var fixedParts = parts.TakeWhile(p => p.IndexOfAny(['*', '?', '[']) < 0).ToList();
        var baseDir = fixedParts.Count == 0 ? "." : string.Join('/', fixedParts);
        if (baseDir.Length == 0)
        {
            baseDir = "/";
        }

        return (baseDir, string.Join('/', parts.Skip(fixedParts.Count)));
    }

    /// <summary>Exclusion globs are written relative to the configuration file's folder; re-anchor them at the walked folder.</summary>
    private static List<string> RelativeExcludes(NotesConfig config, string configRoot, string walkedDir)
    {
        var walked = Path.GetFullPath(walkedDir);
        var prefix = Path.GetRelativePath(configRoot, walked).Replace('\\', '/');
        if (prefix == ".")
        {
            return [.. config.Exclude];
        }

        return config.Exclude
            .Select(e => e.StartsWith("**", StringComparison.Ordinal) ? e : e.StartsWith(prefix + "/", StringComparison.Ordinal) ? e[(prefix.Length + 1)..] : null)
            .Where(e => e is not null)
            .Select(e => e!)
            .ToList();
    }
}
