using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>
/// A keystroke's publish reuses the positions of every diagnostic off the edited lines, moved by as many lines as the
/// edit added or removed (DiagnosticsPublisher). Checked
/// against a second server that converts every diagnostic afresh for a pull: after random edits of the seed (glued
/// entries make lines that two entries share), what was pushed is what is pulled.
/// </summary>
public sealed class PublishedPositionsTests
{
    private const string Tail = "\n・9001\n";
    private const string Toggle = "B\n#Toggle\nIssue Date: 2025-01-01 #9001 Toggled entry, A. Author+, arXiv'25 SummaryS\n";

    [Fact]
    public async Task Pushed_diagnostics_after_random_edits_equal_a_fresh_conversion()
    {
        using var ws = new TempWorkspace();
        // Glued entries raise NL014 (off by default): diagnostics on lines that the previous entry's text shares.
        ws.Write("notes-lsp.json", """{ "rules": { "NL014": "warning" } }""");
        var text = File.ReadAllText(TestData.SeedFile) + Tail;
        var a = ws.Write("a.notes", text);
        var b = ws.Write("b.notes", Toggle);
        var (push, _) = await LspClient.StartInitializedAsync(ws.Root);
        await using var _push = push;
        var pullCapabilities = new JsonObject { ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false } } };
        var (pull, _) = await LspClient.StartInitializedAsync(ws.Root, pullCapabilities);
        await using var _pull = pull;
        var (uriA, uriB) = (LspClient.Uri(a), LspClient.Uri(b));
        foreach (var client in new[] { push, pull })
        {
            await client.OpenAsync(uriA, text);
            await client.OpenAsync(uriB, Toggle);
        }

        var shown = (await push.WaitForDiagnosticsAsync(uriA))["diagnostics"]!.AsArray();
        Assert.Contains(shown, d => (string?)d!["code"] == "NL014");
        var random = new Random(20261206);
        var (version, toggleVersion, toggled, onDiagnosticLines, published, linesMoved) = (1, 1, false, 0, 0, 0);
        for (var step = 0; step < 120; step++)
        {
            // Half the edits land on a line that shows a diagnostic; none in the tail, which keeps the ・9001 reference.
            var editable = text.Length - Tail.Length;
            var at = random.Next(editable);
            if (random.Next(2) == 0 && shown.Count > 0)
            {
                var line = (int)shown[random.Next(shown.Count)]!["range"]!["start"]!["line"]!;
                var lineStart = CorpusServerFixture.OffsetOf(text, line, 0);
                var lineEnd = text.IndexOf('\n', lineStart) is var n and >= 0 ? n : text.Length;
                at = Math.Min(editable - 1, lineStart + random.Next(lineEnd - lineStart + 1));
                onDiagnosticLines++;
            }

            at = AwayFromPairs(text, at);
            var (length, insert) = random.Next(20) switch
            {
                < 10 => (0, ((char)('a' + random.Next(26))).ToString()),
                < 12 => (text[at] is '\n' or '\r' ? 0 : 1, string.Empty),
                12 or 13 => JoinLine(text, ref at),
                14 => (0, "\n"),
                15 => (0, "\n\n"),
                16 => (0, " #Tag "),
                17 => (0, "a\nb"),
                _ => (Math.Min(3, LineRest(text, at)), "Zz"),
            };
            length = AwayFromPairs(text, at + length) - at;
            var (line0, char0) = CorpusServerFixture.PositionOf(text, at);
            var (line1, char1) = CorpusServerFixture.PositionOf(text, at + length);
            linesMoved += insert.Contains('\n') || text.AsSpan(at, length).Contains('\n') ? 1 : 0;
            text = text[..at] + insert + text[(at + length)..];
            version++;
            foreach (var client in new[] { push, pull })
            {
                await client.NotifyAsync("textDocument/didChange", LspClient.Change(uriA, version, line0, char0, line1, char1, insert));
            }

            // Defining or dropping #9001 in the other dump flips NL011 on ・9001: the dump is published again, whether
            // or not the edit moved anything, with the positions the edit's own flush kept.
            toggled = !toggled;
            toggleVersion++;
            foreach (var client in new[] { push, pull })
            {
                await client.NotifyAsync("textDocument/didChange", LspClient.Change(uriB, toggleVersion, 2, 24, 2, 28, toggled ? "9002" : "9001"));
            }

            var v = version;
            var expectUnresolved = toggled;
            var pushed = await push.WaitForNotificationAsync(
                "textDocument/publishDiagnostics",
                p => (string?)p["uri"] == uriA && (int?)p["version"] == v && p["diagnostics"]!.AsArray().Any(IsUnresolved9001) == expectUnresolved);
            shown = pushed["diagnostics"]!.AsArray();
            var pulled = (await pull.ResultAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uriA } }))!["items"]!.AsArray();
            Assert.True(Canonical(pulled).SequenceEqual(Canonical(shown)), $"step {step}: edit at {line0}:{char0}–{line1}:{char1} → '{insert}'\npushed: {string.Join("\n", Canonical(shown))}\npulled: {string.Join("\n", Canonical(pulled))}");
            published++;
        }

        Assert.True(onDiagnosticLines >= 30 && linesMoved >= 20, $"{onDiagnosticLines} edits on lines with diagnostics, {linesMoved} that added or removed lines");
        Assert.Equal(120, published);
        Assert.Equal(0, await push.ShutdownAsync());
        Assert.Equal(0, await pull.ShutdownAsync());
    }

    private static bool IsUnresolved9001(JsonNode? d) => (string?)d!["code"] == "NL011" && ((string?)d["message"])!.Contains("#9001", StringComparison.Ordinal);

    private static List<string> Canonical(JsonArray diagnostics) =>
        [.. diagnostics.Select(d => $"{d!["range"]!.ToJsonString()} {d["severity"]} {d["code"]} {d["message"]}").Order(StringComparer.Ordinal)];

    /// <summary>An offset that does not split a CRLF or a surrogate pair.</summary>
    private static int AwayFromPairs(string text, int at)
    {
        while (at > 0 && at < text.Length && ((text[at - 1] == '\r' && text[at] == '\n') || char.IsLowSurrogate(text[at])))
        {
            at--;
        }

        return at;
    }

    /// <summary>Removes the line break that ends the line of <paramref name="at"/> (an edit that moves every later line up).</summary>
    private static (int Length, string Insert) JoinLine(string text, ref int at)
    {
        at += LineRest(text, at);
        return (at < text.Length - Tail.Length ? (text[at] == '\r' && at + 1 < text.Length && text[at + 1] == '\n' ? 2 : 1) : 0, string.Empty);
    }

    private static int LineRest(string text, int at)
    {
        var end = at;
        while (end < text.Length && text[end] is not ('\n' or '\r'))
        {
            end++;
        }

        return end - at;
    }
}
