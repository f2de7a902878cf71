using System.Text;
using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>A notes file read from disk: its text as the editor would show it, and what was odd about its bytes.</summary>
public sealed record NoteFile(string Path, string Text, IReadOnlyList<NoteDiagnostic> EncodingDiagnostics)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and decodes a file. I/O errors propagate as <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    public static NoteFile Read(string path)
    {
        // FIFOs, sockets and devices report a length of 0, and opening a FIFO blocks until a writer appears (reading
        // a device may never end): a file of length 0 is taken as empty without being opened.
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"Could not find file '{path}'.", path);
        }

        return FromBytes(path, info.Length == 0 ? [] : File.ReadAllBytes(path));
    }

    public static NoteFile FromBytes(string path, byte[] bytes)
    {
        var diagnostics = new List<NoteDiagnostic>();
        var offset = 0;
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            offset = 3;
            diagnostics.Add(Info(new TextSpan(0, 0), "File starts with a UTF-8 byte-order mark; it is ignored (and kept when the server edits the file)."));
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException e)
        {
            text = Encoding.UTF8.GetString(bytes, offset, bytes.Length - offset);
            var badByte = e.Index >= 0 ? e.Index : 0;
            var at = Encoding.UTF8.GetCharCount(bytes, offset, Math.Min(badByte, bytes.Length - offset));
            diagnostics.Add(new NoteDiagnostic(Rules.FileEncoding, Severity.Error, new TextSpan(Math.Min(at, text.Length), Math.Min(1, text.Length - Math.Min(at, text.Length))),
                $"File is not valid UTF-8 (first bad byte at byte offset {offset + badByte}); invalid bytes are shown as U+FFFD."));
        }

        if (text.Length == 0)
        {
            diagnostics.Add(Info(new TextSpan(0, 0), "File is empty: a note dump starts with its category title line."));
        }
        else if (text.Contains("\r\n", StringComparison.Ordinal))
        {
            diagnostics.Add(Info(new TextSpan(0, 0), "File uses CRLF line endings; positions count CRLF as one line break."));
        }

        return new NoteFile(path, text, diagnostics);
    }

    private static NoteDiagnostic Info(TextSpan span, string message) => new(Rules.FileEncoding, Severity.Information, span, message);
}
