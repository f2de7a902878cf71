using System.Security.Cryptography;
using System.Text;

namespace NotesLsp.Analysis;

/// <summary>A write that did not happen; the file is as it was. The message is one line, for a person.</summary>
public sealed class NoteWriteException : Exception
{
    public NoteWriteException(string message)
        : base(message)
    {
    }

    public NoteWriteException()
    {
    }

    public NoteWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Writes a note file so that notes cannot be lost (<c>check --fix</c>, <c>format</c>; the server never writes): the new
/// text goes to a temporary file in the same folder, with the original's byte-order mark and permissions, and is renamed
/// over the original only when everything is on disk. A file that changed since it was read, is read-only, or cannot
/// be written is left exactly as it was, and the reason is thrown as <see cref="NoteWriteException"/>. A symbolic link
/// stays a link: its target is written.
/// </summary>
public static class NoteFileWriter
{
    /// <summary>
    /// Test seam, called with the target's full path once the new text is safely in the temporary file and just before
    /// the original is compared with what was read and replaced: a test changes the file here to stand for an editor
    /// saving it meanwhile, without racing a timer. Null in production.
    /// </summary>
    internal static Action<string>? BeforeReplace { get; set; }

    /// <summary>Writes <paramref name="newText"/> over <paramref name="original"/>; messages name the file <paramref name="displayName"/> (default: its path).</summary>
    public static void Write(NoteFile original, string newText, string? displayName = null)
    {
        var path = displayName ?? original.Path;
        var fingerprint = original.Fingerprint ?? throw new ArgumentException("Read the file with a fingerprint to write it back.", nameof(original));
        if (original.EncodingDiagnostics.Any(d => d.Code == "NL018"))
        {
            // The text shows those bytes as U+FFFD: writing it back would replace them for good.
            throw new NoteWriteException($"{path}: not written: it holds bytes that are not UTF-8 (NL018), which writing would replace with U+FFFD; fix them first");
        }

        string target;
        try
        {
            target = File.ResolveLinkTarget(original.Path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(original.Path);
        }
        catch (IOException e)
        {
            throw new NoteWriteException($"{path}: not written: cannot follow its link: {e.Message}", e);
        }

        var folder = Path.GetDirectoryName(target)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var info = new FileInfo(target);
            if (!info.Exists)
            {
                throw new NoteWriteException($"{path}: not written: the file was deleted since it was read");
            }

            if (IsReadOnly(info))
            {
                throw new NoteWriteException($"{path}: not written: the file is read-only");
            }

            var bytes = Encoding.UTF8.GetBytes(newText);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                if (original.HasByteOrderMark)
                {
                    stream.Write([0xEF, 0xBB, 0xBF]);
                }

                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }

            BeforeReplace?.Invoke(target);

            // Checked as late as possible: someone (an editor, a sync tool) may have saved the file meanwhile.
            if (!SHA256.HashData(File.ReadAllBytes(target)).AsSpan().SequenceEqual(fingerprint))
            {
                throw new NoteWriteException($"{path}: not written: the file changed on disk since it was read; run again");
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NoteWriteException($"{path}: not written: {e.Message.TrimEnd('.', ' ')}", e);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private static bool IsReadOnly(FileInfo info) =>
        info.IsReadOnly || (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(info.FullName) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0);

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done: the original is intact either way.
        }
    }
}
