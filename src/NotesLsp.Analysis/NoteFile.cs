using System.Text;
using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>A notes file read from disk: its text as the editor would show it, and what was odd about its bytes.</summary>
public sealed record NoteFile(string Path, string Text, IReadOnlyList<NoteDiagnostic> EncodingDiagnostics)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How much of a file that reports no size (a device, a /proc file) is read at most.</summary>
    private const int UnsizedReadLimit = 64 << 20;

    /// <summary>Reads and decodes a file. I/O errors propagate as <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    public static NoteFile Read(string path)
    {
        if (new FileInfo(path).Length > 0)
        {
            return FromBytes(path, File.ReadAllBytes(path));
        }

        // Pipes, devices and /proc files report a length of 0 as well as empty files do.
        return IsPipe(path) ? throw new IOException("not a regular file (a FIFO): skipped") : FromBytes(path, ReadUnsized(path));
    }

    /// <summary>
    /// Devices and /proc files report a length of 0 too; they are read up to a limit, so a link to <c>/dev/zero</c>
    /// cannot fill memory.
    /// </summary>
    private static byte[] ReadUnsized(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > UnsizedReadLimit)
            {
                throw new IOException($"reports no size and goes on past {UnsizedReadLimit >> 20} MiB (a device?): skipped");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// True for a FIFO: opening one for reading blocks until a writer appears (indexing would never end), so it is
    /// opened non-blocking to look at it. Called only for files that report a length of 0.
    /// </summary>
    private static bool IsPipe(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var flags = OperatingSystem.IsLinux() ? 0x800 | 0x80000 : 0x4 | 0x1000000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC
        int fd;
        try
        {
            fd = NativeMethods.Open(path, flags);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        if (fd < 0)
        {
            return false;
        }

        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
        using var stream = new FileStream(handle, FileAccess.Read, 1);
        return !stream.CanSeek;
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

internal static class NativeMethods
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    public static extern int Open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);
}
