using System.Text;
using NotesLsp.Analysis;
using static NotesLsp.Tests.CliFixtures;

namespace NotesLsp.Tests;

/// <summary>
/// <c>check --fix</c> and <c>format</c> write notes safely, tested through the real CLI (the built NotesLsp.dll, or its
/// entry point in this process where a test seam is needed). Faults are real, not mocked:
/// <list type="bullet">
/// <item>read-only: <c>chmod 444</c> (root ignores it, so NoteFileWriter checks the mode itself) and <c>chattr +i</c>
/// (immutable: even root's rename over it fails with EPERM);</item>
/// <item>full disk: a 256 KiB tmpfs mounted for the test and filled to the last byte;</item>
/// <item>a file saved by someone else between read and write: NoteFileWriter.BeforeReplace, a seam called after the
/// temporary file is written and before the original is compared and replaced (no timing race).</item>
/// </list>
/// The tests that need root, chattr or mount carry <c>Category=Unix</c> and <c>Requires=root</c> and fail loudly
/// (never pass vacuously) where those do not work.
/// </summary>
[Collection(InProcessCliCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SafeWriteTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("notes-safe-write-").FullName;

    public void Dispose()
    {
        NoteFileWriter.BeforeReplace = null;
        Directory.Delete(temp, recursive: true);
    }

    [Fact]
    [Trait("Category", "Unix")]
    public void Check_fix_keeps_the_byte_order_mark_crlf_line_endings_and_the_unix_mode()
    {
        var text = WithUnpaddedDate(out var bad, out var good).ReplaceLineEndings("\r\n");
        var path = Path.Combine(temp, "crlf.notes");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Utf8.GetBytes(text)]);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var (code, stdout, stderr) = Cli.Run(temp, "check", "--fix", "crlf.notes");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("crlf.notes: fixed 1 × NL002", stderr, StringComparison.Ordinal);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var written = Utf8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Equal(text.Replace(bad, good, StringComparison.Ordinal), written);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, ModeOf(path));
        Assert.Equal(["crlf.notes"], Listing(temp));
    }

    [Fact]
    [Trait("Category", "Unix")]
    public void Format_keeps_the_byte_order_mark_crlf_line_endings_and_the_unix_mode()
    {
        var text = File.ReadAllText(Memory).ReplaceLineEndings("\r\n");
        var path = Path.Combine(temp, "crlf.notes");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Utf8.GetBytes(text)]);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead;
        File.SetUnixFileMode(path, mode);

        var (code, stdout, stderr) = Cli.Run(temp, "format", "crlf.notes");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("1 file(s) reformatted", stderr, StringComparison.Ordinal);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.NotEqual(0xEF, bytes[3]); // one mark, not two
        var written = Utf8.GetString(bytes, 3, bytes.Length - 3);
        Assert.NotEqual(text, written);
        Assert.Equal(NonWhitespace(text), NonWhitespace(written));
        Assert.DoesNotMatch("[^\r]\n", written); // every line break written is CRLF, the new ones too
        Assert.DoesNotMatch("\r[^\n]", written);
        Assert.True(CountLines(written) > CountLines(text), "format puts glued entries on lines of their own");
        Assert.Equal(mode, ModeOf(path));
        Assert.Equal(["crlf.notes"], Listing(temp));
    }

    [Fact]
    [Trait("Category", "Unix")]
    public void A_symlinked_file_is_written_through_the_link_and_the_link_stays_a_link()
    {
        var store = Directory.CreateDirectory(Path.Combine(temp, "store")).FullName;
        var work = Directory.CreateDirectory(Path.Combine(temp, "work")).FullName;
        var target = Path.Combine(store, "memory.notes");
        File.WriteAllText(target, WithUnpaddedDate(out var bad, out var good), Utf8);
        var link = Path.Combine(work, "linked.notes");
        File.CreateSymbolicLink(link, "../store/memory.notes");

        var (code, stdout, stderr) = Cli.Run(work, "check", "--fix", "linked.notes");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("fixed 1 × NL002", stderr, StringComparison.Ordinal);

        var info = new FileInfo(link);
        Assert.Equal("../store/memory.notes", info.LinkTarget);
        Assert.True(info.Attributes.HasFlag(FileAttributes.ReparsePoint), "the link was replaced by a file");
        var written = File.ReadAllText(target);
        Assert.Contains(good, written, StringComparison.Ordinal);
        Assert.DoesNotContain(bad, written, StringComparison.Ordinal);
        Assert.Equal(["memory.notes"], Listing(store));
        Assert.Equal(["linked.notes"], Listing(work));

        // format through the link as well
        (code, stdout, stderr) = Cli.Run(work, "format", "linked.notes");
        Assert.True(code == 0, stderr + stdout);
        Assert.Equal("../store/memory.notes", new FileInfo(link).LinkTarget);
        Assert.True(CountLines(File.ReadAllText(target)) > CountLines(written));
        Assert.Equal(["memory.notes"], Listing(store));
    }

    [Fact]
    [Trait("Category", "Unix")]
    public void A_file_without_write_permission_is_not_written_even_by_root()
    {
        var path = Path.Combine(temp, "readonly.notes");
        File.WriteAllText(path, WithUnpaddedDate(out _, out _), Utf8);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = File.ReadAllBytes(path);

        foreach (var args in new[] { new[] { "check", "--fix", "readonly.notes" }, ["format", "readonly.notes"] })
        {
            var (code, stdout, stderr) = Cli.Run(temp, args);
            Assert.True(code == 2, $"{string.Join(' ', args)}: {code}\n{stderr}{stdout}");
            Assert.Equal(["notes-lsp " + args[0] + ": readonly.notes: not written: the file is read-only"], ErrorLines(stderr));
            AssertNoStackTrace(stderr + stdout);
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal(["readonly.notes"], Listing(temp));
        }
    }

    [Fact]
    [Trait("Category", "Unix")]
    [Trait("Requires", "root")]
    public void An_immutable_file_chattr_i_is_left_intact_and_the_cli_exits_2()
    {
        // chattr +i stops even root from replacing the file: the rename over it fails (EPERM), after the temporary
        // file was written, so this is the path where the write itself fails.
        var path = Path.Combine(temp, "immutable.notes");
        File.WriteAllText(path, WithUnpaddedDate(out _, out _), Utf8);
        var before = File.ReadAllBytes(path);
        Must("chattr", "+i", path);
        try
        {
            foreach (var args in new[] { new[] { "check", "--fix", "immutable.notes" }, ["format", "immutable.notes"] })
            {
                var (code, stdout, stderr) = Cli.Run(temp, args);
                Assert.True(code == 2, $"{string.Join(' ', args)}: {code}\n{stderr}{stdout}");
                var error = Assert.Single(ErrorLines(stderr));
                Assert.StartsWith($"notes-lsp {args[0]}: immutable.notes: not written: ", error, StringComparison.Ordinal);
                AssertNoStackTrace(stderr + stdout);
                Assert.Equal(before, File.ReadAllBytes(path));
                Assert.Equal(["immutable.notes"], Listing(temp)); // the temporary file is gone
            }
        }
        finally
        {
            Must("chattr", "-i", path);
        }
    }

    [Fact]
    [Trait("Category", "Unix")]
    [Trait("Requires", "root")]
    public void A_full_disk_leaves_the_original_intact_and_the_cli_exits_2()
    {
        // A real full disk: a 256 KiB tmpfs, the note on it, the rest filled to the last byte (ENOSPC).
        var mount = Directory.CreateDirectory(Path.Combine(temp, "small-disk")).FullName;
        Must("mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", mount);
        try
        {
            var path = Path.Combine(mount, "memory.notes");
            File.WriteAllText(path, WithUnpaddedDate(out _, out _), Utf8);
            var before = File.ReadAllBytes(path);
            Fill(Path.Combine(mount, "filler"));
            Assert.Throws<IOException>(() => File.WriteAllBytes(Path.Combine(mount, "probe"), new byte[4096]));
            File.Delete(Path.Combine(mount, "probe"));

            foreach (var args in new[] { new[] { "check", "--fix", "memory.notes" }, ["format", "memory.notes"] })
            {
                var (code, stdout, stderr) = Cli.Run(mount, args);
                Assert.True(code == 2, $"{string.Join(' ', args)}: {code}\n{stderr}{stdout}");
                var error = Assert.Single(ErrorLines(stderr));
                Assert.StartsWith($"notes-lsp {args[0]}: memory.notes: not written: ", error, StringComparison.Ordinal);
                Assert.Contains("space", error, StringComparison.OrdinalIgnoreCase);
                AssertNoStackTrace(stderr + stdout);
                Assert.Equal(before, File.ReadAllBytes(path));
                Assert.Equal(["filler", "memory.notes"], Listing(mount));
            }
        }
        finally
        {
            Must("umount", mount);
        }
    }

    [Fact]
    public async Task A_file_saved_by_someone_else_between_read_and_write_is_not_overwritten()
    {
        var path = Path.Combine(temp, "memory.notes");
        File.WriteAllText(path, WithUnpaddedDate(out _, out _), Utf8);
        var editorText = File.ReadAllText(Memory) + "\n";
        var calls = 0;
        NoteFileWriter.BeforeReplace = target =>
        {
            if (target == path)
            {
                calls++;
                File.WriteAllText(target, editorText, Utf8);
            }
        };

        foreach (var args in new[] { new[] { "check", "--fix", path }, ["format", path] })
        {
            File.WriteAllText(path, WithUnpaddedDate(out _, out _), Utf8);
            var (code, stdout, stderr) = await RunInProcessAsync(args);
            Assert.True(code == 2, $"{string.Join(' ', args)}: {code}\n{stderr}{stdout}");
            Assert.Equal([$"notes-lsp {args[0]}: {path}: not written: the file changed on disk since it was read; run again"], ErrorLines(stderr));
            Assert.Equal(editorText, File.ReadAllText(path)); // the other save is kept
            Assert.Equal(["memory.notes"], Listing(temp));
        }

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Without_interference_the_same_in_process_run_writes_the_fix()
    {
        // The control for the test above: the seam is set but does nothing, and the write happens.
        var path = Path.Combine(temp, "memory.notes");
        File.WriteAllText(path, WithUnpaddedDate(out var bad, out var good), Utf8);
        var calls = 0;
        NoteFileWriter.BeforeReplace = target => calls += target == path ? 1 : 0;

        var (code, stdout, stderr) = await RunInProcessAsync("check", "--fix", path);
        Assert.True(code == 0, stderr + stdout);
        Assert.Equal(1, calls);
        Assert.Contains(good, File.ReadAllText(path), StringComparison.Ordinal);
        Assert.DoesNotContain(bad, File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Unix")]
    public void One_failed_file_does_not_stop_the_others_from_being_fixed()
    {
        File.WriteAllText(Path.Combine(temp, "a.notes"), WithUnpaddedDate(out var bad, out var good), Utf8);
        var locked = Path.Combine(temp, "b.notes");
        File.WriteAllText(locked, WithUnpaddedDate(out _, out _).Replace("memory", "memory2", StringComparison.Ordinal), Utf8);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead);
        var before = File.ReadAllBytes(locked);

        var (code, stdout, stderr) = Cli.Run(temp, "check", "--fix", "a.notes", "b.notes");
        Assert.True(code == 2, stderr + stdout);
        Assert.Equal(["notes-lsp check: b.notes: not written: the file is read-only"], ErrorLines(stderr));
        Assert.Contains(good, File.ReadAllText(Path.Combine(temp, "a.notes")), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(locked));
        Assert.Contains(bad, File.ReadAllText(locked), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_bytes_that_are_not_utf8_is_not_written_so_they_are_not_replaced()
    {
        var bytes = File.ReadAllBytes(Memory);
        var at = bytes.AsSpan().IndexOf("Summary"u8);
        var path = Path.Combine(temp, "invalid.notes");
        File.WriteAllBytes(path, [.. bytes[..at], 0xFF, 0xFE, .. bytes[at..]]);
        var before = File.ReadAllBytes(path);

        foreach (var args in new[] { new[] { "format", "invalid.notes" }, ["check", "--fix", "--unsafe-fixes", "invalid.notes"] })
        {
            var (code, stdout, stderr) = Cli.Run(temp, args);
            if (args[0] == "check" && code != 2)
            {
                // No fix to make: nothing is written either way.
                Assert.Contains("0 fix(es) applied", stderr, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(code == 2, $"{string.Join(' ', args)}: {code}\n{stderr}{stdout}");
                Assert.Equal([$"notes-lsp {args[0]}: invalid.notes: not written: it holds bytes that are not UTF-8 (NL018), which writing would replace with U+FFFD; fix them first"], ErrorLines(stderr));
            }

            Assert.Equal(before, File.ReadAllBytes(path));
        }
    }

    private static int CountLines(string text) => text.Count(c => c == '\n');

    private static void Fill(string path)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(chunk);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // full
        }

        // Single bytes fill what a 4 KiB chunk could not.
        try
        {
            while (true)
            {
                stream.WriteByte(0);
                stream.Flush();
            }
        }
        catch (IOException)
        {
        }
    }
}
