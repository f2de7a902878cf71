using System.Text;
using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

public sealed class InvalidUtf8Rule : FileRule
{
    public override string Code => "NL018";

    public override string Name => "invalid-utf8";

    public override Severity DefaultSeverity => Severity.Error;

    public override string Summary => "bytes that are not UTF-8 (shown as U+FFFD)";

    public override string Explanation => """
        A dump must be UTF-8. Bytes that are not (a file saved as Shift_JIS or Latin-1, or cut in the middle of a
        character) are shown as U+FFFD, and saving the file from an editor replaces them for good. The diagnostic
        points at the first bad byte.

        Flagged: `KnowledgeEditing` followed by the byte `0x82` alone.

        Good: the same text saved as UTF-8.
        """;

    public override void Check(FileBytes file, DiagnosticBag diagnostics)
    {
        if (file.FirstInvalidByte is not { } badByte)
        {
            return;
        }

        var skip = file.HasByteOrderMark ? 3 : 0;
        var at = Math.Min(Encoding.UTF8.GetCharCount(file.Bytes, skip, Math.Clamp(badByte - skip, 0, file.Bytes.Length - skip)), file.Text.Length);
        diagnostics.Report(this, new TextSpan(at, Math.Min(1, file.Text.Length - at)), $"File is not valid UTF-8 (first bad byte at byte offset {badByte}); invalid bytes are shown as U+FFFD.");
    }
}
