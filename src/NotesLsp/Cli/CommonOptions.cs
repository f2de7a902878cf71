using System.CommandLine;
using NotesLsp.Analysis;

namespace NotesLsp.Cli;

/// <summary>Options that several commands share, defined once.</summary>
internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "Configuration file for every file checked (default: each file's nearest notes-lsp.json).",
        HelpName = "file",
    };

    public static Option<string[]> Rules()
    {
        var option = new Option<string[]>("--rule", "-r")
        {
            Description = "Override a rule's severity: CODE or name = error|warning|information|hint|off (repeatable).",
            HelpName = "CODE=severity",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                var at = token.Value.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0)
                {
                    result.AddError($"--rule expects CODE=severity, got '{token.Value}'");
                    continue;
                }

                try
                {
                    _ = NotesConfig.Default.With([new(token.Value[..at], token.Value[(at + 1)..])]);
                }
                catch (ConfigException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        option.CompletionSources.Add(_ => Analysis.Rules.All.Select(r => r.Code + "="));
        return option;
    }

    public static IReadOnlyList<KeyValuePair<string, string>> ParseRules(string[]? values) =>
        [.. (values ?? []).Select(v => new KeyValuePair<string, string>(v[..v.IndexOf('=', StringComparison.Ordinal)], v[(v.IndexOf('=', StringComparison.Ordinal) + 1)..]))];

    /// <summary>
    /// Paths are free text, so a mistyped option (<c>--formt</c>) would be taken for a path: a token that starts with
    /// <c>-</c> and names no file is reported as an unknown option, with the nearest known one.
    /// </summary>
    public static void RejectUnknownOptions(Argument<string[]> paths, Command command)
    {
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                var value = token.Value;
                if (value.Length > 1 && value[0] == '-' && !File.Exists(value) && !Directory.Exists(value))
                {
                    var known = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct().ToList();
                    var nearest = known.OrderBy(k => Distance(k, value)).FirstOrDefault();
                    var hint = nearest is not null && Distance(nearest, value) <= Math.Max(2, value.Length / 3) ? $"; did you mean '{nearest}'?" : string.Empty;
                    result.AddError($"unknown option '{value}'{hint} (see notes-lsp {command.Name} --help)");
                }
            }
        });
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
