using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

public sealed class FileEncodingRule : FileRule
{
    public override string Code => "NL016";

    public override string Name => "file-encoding";

    public override Severity DefaultSeverity => Severity.Information;

    public override string Summary => "a byte-order mark, CRLF line endings or an empty file";

    public override string Explanation => """
        Dumps are UTF-8 text with `\n` line endings. A byte-order mark or CRLF line endings are read fine (and kept
        when a file is edited), but differ from the rest of a collection; an empty file holds no category line.
        Invalid UTF-8 is NL018.

        Flagged: a file that starts with the bytes `EF BB BF`, or whose lines end with `\r\n`.

        Good: UTF-8 without a byte-order mark, lines ending with `\n`, the category title on the first line.
        """;

    public override void Check(FileBytes file, DiagnosticBag diagnostics)
    {
        if (file.HasByteOrderMark)
        {
            diagnostics.Report(this, new TextSpan(0, 0), "File starts with a UTF-8 byte-order mark; it is ignored (and kept when the file is edited).");
        }

        if (file.Text.Length == 0)
        {
            diagnostics.Report(this, new TextSpan(0, 0), "File is empty: a note dump starts with its category title line.");
        }
        else if (file.Text.Contains("\r\n", StringComparison.Ordinal))
        {
            diagnostics.Report(this, new TextSpan(0, 0), "File uses CRLF line endings; positions count CRLF as one line break.");
        }
    }
}
