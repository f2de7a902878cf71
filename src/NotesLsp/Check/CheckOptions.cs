using NotesLsp.Analysis;

namespace NotesLsp.Check;

public enum OutputFormat
{
    Text,
    Json,
    Sarif,
    Github,
}

/// <summary>The command line of <c>notes-lsp check</c>.</summary>
internal sealed record CheckOptions(
    IReadOnlyList<string> Inputs,
    OutputFormat Format,
    string? ConfigPath,
    IReadOnlyList<KeyValuePair<string, string>> RuleOverrides,
    bool? Progress,
    string? OutputPath)
{
    public const string Help = """
        usage: notes-lsp check [options] [paths...]

        Lints note dumps. Paths may be files, directories (searched recursively for *.notes files and
        *.txt dumps) or globs ("notes/**/*.notes"). With no path, the current directory is checked.
        References are resolved across everything given.

        options:
          -f, --format <text|json|sarif|github>   output format (default: text)
          -o, --output <file>                     write the report to a file instead of stdout
          -c, --config <file>                     configuration file (default: nearest notes-lsp.json)
          -r, --rule <CODE|name>=<severity>       override a rule: error, warning, information, hint, off
              --progress / --no-progress          force the progress line on stderr on or off
          -h, --help                              show this help

        text and github list errors, warnings and information; hints (e.g. NL014 glued-entry) are only
        counted there, and listed in json and sarif.

        exit codes: 0 no errors, 1 errors found, 2 usage or I/O failure.
        """;

    public static CheckOptions Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        var format = OutputFormat.Text;
        string? config = null;
        string? output = null;
        bool? progress = null;
        var overrides = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                {
                    return arg[(eq + 1)..];
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option '{arg}' needs a value");
                }

                return args[++i];
            }

            var name = arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal) ? arg[..arg.IndexOf('=', StringComparison.Ordinal)] : arg;
            switch (name)
            {
                case "-f" or "--format":
                    var f = Value();
                    format = f.ToLowerInvariant() switch
                    {
                        "text" => OutputFormat.Text,
                        "json" => OutputFormat.Json,
                        "sarif" => OutputFormat.Sarif,
                        "github" => OutputFormat.Github,
                        _ => throw new UsageException($"unknown format '{f}' (expected text, json, sarif or github)"),
                    };
                    break;
                case "-c" or "--config":
                    config = Value();
                    break;
                case "-o" or "--output":
                    output = Value();
                    break;
                case "-r" or "--rule":
                    var rule = Value();
                    var at = rule.IndexOf('=', StringComparison.Ordinal);
                    if (at <= 0)
                    {
                        throw new UsageException($"--rule expects CODE=severity, got '{rule}'");
                    }

                    overrides.Add(new(rule[..at], rule[(at + 1)..]));
                    break;
                case "--progress":
                    progress = true;
                    break;
                case "--no-progress":
                    progress = false;
                    break;
                case "--":
                    inputs.AddRange(args.Skip(i + 1));
                    i = args.Count;
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        throw new UsageException($"unknown option '{arg}'");
                    }

                    inputs.Add(arg);
                    break;
            }
        }

        return new CheckOptions(inputs, format, config, overrides, progress, output);
    }
}

internal sealed class UsageException(string message) : Exception(message);
