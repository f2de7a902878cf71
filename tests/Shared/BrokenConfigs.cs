using System.Text;

namespace NotesLsp.Testing;

/// <summary>
/// Broken <c>notes-lsp.json</c> files (untrusted input: cloned collections carry them), each with where the problem is
/// (1-based line and UTF-16 column), how many characters it covers and a piece of the message. Shared by the CLI and
/// the server tests.
/// </summary>
public static class BrokenConfigs
{
    public sealed record Case(string Name, byte[] Bytes, int Line, int Column, int Length, string Message)
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Case> All { get; } =
    [
        new("huge (> 1 MiB)", Utf8("{\"$schema\": \"" + new string('x', (1 << 20) + 10) + "\"}"), 1, 1, 1, "bytes is too large for a configuration file (at most 1,048,576)"),
        new("nested 10,000 deep", Utf8(new string('[', 10_000) + new string(']', 10_000)), 1, 1, 1, "the top level must be an object"),
        new("nested past depth 16 in exclude", Utf8("{\n  \"exclude\": [" + new string('[', 40) + new string(']', 40) + "]\n}"), 2, 15, 1, "\"exclude\" must be an array of glob strings"),
        new("not JSON", Utf8("rules:\n  NL002: error\n"), 1, 1, 1, "not valid JSON"),
        new("not UTF-8", [.. Utf8("{\n  \"rules\": {\"NL002\": \""), 0xFF, .. Utf8("\"}\n}")], 2, 23, 1, "not valid JSON: bytes that are not UTF-8"),
        new("JSON error after Japanese text (columns in characters)", Utf8("{\"$schema\": \"ルール\", x}"), 1, 20, 1, "not valid JSON"),
        new("unknown rule code", Utf8("{\n  \"rules\": {\n    \"NL999\": \"error\"\n  }\n}\n"), 3, 5, 7, "unknown rule 'NL999'"),
        new("unknown severity", Utf8("{\n  \"rules\": {\n    \"NL002\": \"fatal\"\n  }\n}\n"), 3, 14, 7, "rule 'NL002': 'fatal' is not one of error, warning, information, hint, off"),
        new("severity of the wrong type", Utf8("{\n  \"rules\": {\n    \"NL002\": 3\n  }\n}\n"), 3, 14, 1, "rule 'NL002': the severity must be a string"),
        new("rules of the wrong type", Utf8("{\n  \"rules\": [\"NL002\"]\n}\n"), 2, 3, 7, "unknown or ill-typed setting 'rules'"),
        new("exclude of the wrong type", Utf8("{ \"exclude\": \"archive/**\" }"), 1, 3, 9, "unknown or ill-typed setting 'exclude'"),
        new("unknown setting", Utf8("{ \"rulez\": {} }"), 1, 3, 7, "unknown or ill-typed setting 'rulez'"),
    ];

    /// <summary>The cases' names, as theory data for the tests of both faces.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
