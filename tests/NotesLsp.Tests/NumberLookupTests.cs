using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>
/// Entry-number lookups per document version: a version's number map is built after a few scans, and an edit that
/// replaces entries one for one without changing a number hands it to the next version. After random edits of a real
/// dump (typing in titles, renumbering, splitting and joining entries) every lookup equals a scan of the blocks.
/// </summary>
public sealed class NumberLookupTests
{
    [Fact]
    public void Lookups_after_random_edits_equal_a_scan_of_the_blocks()
    {
        var file = TestData.RealDumps.OrderByDescending(f => new FileInfo(f).Length).First();
        var text = TestData.Read(file);
        var workspace = new Workspace();
        workspace.Set("a.notes", NoteDocument.Parse(text));
        var random = new Random(20261206);
        var (carried, renumbered) = (0, 0);
        for (var step = 0; step < 300; step++)
        {
            var document = workspace.Get("a.notes")!;
            var entries = document.Entries().ToList();
            var entry = entries[random.Next(entries.Count)];
            TextChange change;
            switch (random.Next(10))
            {
                case < 6:
                    // A character typed into the title: the number map carries over.
                    change = new TextChange(new TextSpan(entry.Start + entry.Syntax.TitleSpan.Start, 0), "x");
                    break;
                case < 8 when entry.Syntax.NumberSpan is { } number:
                    // Another number: the map of the new version must be built afresh.
                    change = new TextChange(entry.Absolute(number), "#" + random.Next(1, 40));
                    renumbered++;
                    break;
                case 8:
                    // A new entry glued after this one's title: blocks shift.
                    change = new TextChange(new TextSpan(entry.Start + entry.Syntax.TitleSpan.End, 0), $" Issue Date: 2025-01-0{random.Next(1, 9)} #{random.Next(1, 40)} New, A+, X'25 SummaryS ");
                    break;
                default:
                    // The entry's date keyword broken: it joins the previous entry.
                    change = new TextChange(new TextSpan(entry.Start + entry.Syntax.AnchorOffset, 1), "i");
                    break;
            }

            var before = workspace.Get("a.notes")!;
            workspace.Set("a.notes", before.WithChange(change));
            var after = workspace.Get("a.notes")!;
            var expected = after.Entries().Where(e => e.Syntax.Number is not null).GroupBy(e => e.Syntax.Number!.Value).ToDictionary(g => g.Key, g => g.Select(e => (e.Start, e.Index)).ToList());

            // More lookups than the scans allowed before a version builds its map.
            foreach (var (number, places) in expected.OrderBy(_ => random.Next()).Take(12))
            {
                for (var i = 0; i < 2; i++)
                {
                    Assert.Equal(places, workspace.EntriesNumbered("a.notes", number).Select(e => (e.Start, e.Index)).ToList());
                }
            }

            Assert.Empty(workspace.EntriesNumbered("a.notes", 987654321));
            carried += before.BlockCount == after.BlockCount ? 1 : 0;
        }

        Assert.True(carried > 150 && renumbered > 20, $"{carried} edits kept the block count, {renumbered} renumbered an entry");
    }

    [Fact]
    public void HasText_is_true_only_for_the_exact_text()
    {
        var text = TestData.Read(TestData.SeedFile);
        var document = NoteDocument.Parse(text);
        Assert.True(document.HasText(text));
        Assert.False(document.HasText(text.AsSpan(0, text.Length - 1)));
        Assert.False(document.HasText(text[..^1] + "x"));
        Assert.False(document.HasText("x" + text[1..]));
        var edited = document.WithChange(new TextChange(new TextSpan(text.Length / 2, 0), "y"));
        Assert.True(edited.HasText(text[..(text.Length / 2)] + "y" + text[(text.Length / 2)..]));
        Assert.False(edited.HasText(text + " "));
    }
}
