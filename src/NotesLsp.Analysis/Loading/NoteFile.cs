using System.Text;

namespace NotesLsp.Analysis;

/// <summary>
/// A notes file read from disk: its text as the editor would show it, what was odd about its bytes, and what
/// <see cref="NoteFileWriter"/> needs to write it back safely (its byte-order mark, a fingerprint of the bytes read).
/// </summary>
public sealed record NoteFile(string Path, string Text, IReadOnlyList<NoteDiagnostic> EncodingDiagnostics)
{
    public bool HasByteOrderMark { get; init; }

    /// <summary>SHA-256 of the bytes read (when asked for): a write is refused when the file no longer has them.</summary>
    public byte[]? Fingerprint { get; init; }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How much of a file that reports no size (a device, a /proc file) is read at most.</summary>
    private const int UnsizedReadLimit = 64 << 20;

    /// <summary>
    /// Reads and decodes a file; with <paramref name="fingerprint"/>, also what a later safe write checks against (only
    /// the commands that write need it: hashing costs ~3 ms per MB). I/O errors propagate as <see cref="IOException"/>
    /// or <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    public static NoteFile Read(string path, bool fingerprint = false)
    {
        // Pipes, devices and /proc files report a length of 0 as well as empty files do.
        var bytes = new FileInfo(path).Length > 0 ? File.ReadAllBytes(path)
            : IsPipe(path) ? throw new IOException("not a regular file (a FIFO): skipped") : ReadUnsized(path);
        var file = FromBytes(path, bytes);
        return fingerprint ? file with { Fingerprint = System.Security.Cryptography.SHA256.HashData(bytes) } : file;
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

    /// <summary>Decodes a file's bytes as the editor would show them and checks them with the file rules (NL016, NL018).</summary>
    public static NoteFile FromBytes(string path, byte[] bytes)
    {
        var bom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        var offset = bom ? 3 : 0;
        string text;
        int? firstInvalid = null;
        try
        {
            text = StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException e)
        {
            text = Encoding.UTF8.GetString(bytes, offset, bytes.Length - offset);
            firstInvalid = offset + Math.Max(e.Index, 0);
        }

        var file = new FileBytes(bytes, bom, text, firstInvalid);
        var diagnostics = new DiagnosticBag();
        foreach (var rule in Rules.FileRules)
        {
            rule.Check(file, diagnostics);
        }

        return new NoteFile(path, text, diagnostics.Items) { HasByteOrderMark = bom };
    }
}

internal static class NativeMethods
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    public static extern int Open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);
}
