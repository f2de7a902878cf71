using NotesLsp.Analysis;
using NotesLsp.Server.Conversion;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Tests;

/// <summary>
/// URI ↔ path conversion and workspace matching under each platform's rules (Windows, macOS, Linux), run on this
/// machine by passing the rules explicitly. URIs are spelt as VS Code sends them on each platform.
/// </summary>
public sealed class DocumentUriTests
{
    [Theory]
    [InlineData("file:///c%3A/Users/me/notes/LLM.notes", @"C:\Users\me\notes\LLM.notes")]
    [InlineData("file:///C:/Users/me/notes/LLM.notes", @"C:\Users\me\notes\LLM.notes")]
    [InlineData("file:///d%3A/%E3%83%A1%E3%83%A2/a%20b.notes", @"D:\メモ\a b.notes")]
    [InlineData("file://server/share/notes/x.notes", @"\\server\share\notes\x.notes")]
    [InlineData("file:///c%3A/a/./b/../c.notes", @"C:\a\c.notes")]
    [InlineData("file://localhost/c%3A/a.notes", @"C:\a.notes")]
    public void Windows_uris_become_drive_or_unc_paths(string uri, string path) =>
        Assert.Equal(path, DocumentUris.KeyOf(uri, PathRules.Windows));

    [Theory]
    [InlineData("file:///home/me/notes/LLM.notes", "/home/me/notes/LLM.notes")]
    [InlineData("file:///home/me/%E3%83%A1%E3%83%A2/a%20b%23c.notes", "/home/me/メモ/a b#c.notes")]
    [InlineData("file:///Users/Me/Notes/x.notes?query#frag", "/Users/Me/Notes/x.notes")]
    [InlineData("file:///a//b/./c/../d.notes", "/a/b/d.notes")]
    public void Posix_uris_become_paths(string uri, string path)
    {
        Assert.Equal(path, DocumentUris.KeyOf(uri, PathRules.Linux));
        Assert.Equal(path, DocumentUris.KeyOf(uri, PathRules.MacOS));
    }

    [Theory]
    [InlineData("untitled:Untitled-1")]
    [InlineData("vscode-notebook-cell:/a.notes#x")]
    [InlineData("file:///bad%FF.notes")]
    [InlineData("file:///nul%00.notes")]
    public void What_is_not_a_local_file_keeps_its_uri_as_key(string uri)
    {
        Assert.Equal(uri, DocumentUris.KeyOf(uri, PathRules.Linux));
        Assert.Equal(uri, DocumentUris.KeyOf(uri, PathRules.Windows));
    }

    [Theory]
    [InlineData(@"C:\Users\me\notes\LLM.notes", "file:///c%3A/Users/me/notes/LLM.notes")]
    [InlineData(@"D:\メモ\a b.notes", "file:///d%3A/%E3%83%A1%E3%83%A2/a%20b.notes")]
    [InlineData(@"\\server\share\x.notes", "file://server/share/x.notes")]
    public void Windows_paths_are_spelt_as_vscode_spells_them(string path, string uri)
    {
        Assert.Equal(uri, DocumentUris.FromPath(path, PathRules.Windows));
        Assert.Equal(path, DocumentUris.KeyOf(uri, PathRules.Windows));
    }

    [Theory]
    [InlineData("/home/me/notes/LLM.notes")]
    [InlineData("/home/me/メモ/emoji 📝 (1) #2 100%.notes")]
    [InlineData("/tmp/a+b=c&d;e,f'g.notes")]
    public void Posix_paths_round_trip(string path)
    {
        var uri = DocumentUris.FromPath(path, PathRules.Linux);
        Assert.DoesNotContain(' ', uri);
        Assert.DoesNotContain('#', uri[7..]);
        Assert.Equal(path, DocumentUris.KeyOf(uri, PathRules.Linux));
    }

    [Theory]
    [InlineData(@"C:\Users\Me\Notes\a.notes", @"c:\users\me\notes", true)]
    [InlineData(@"C:\Users\Me\Notes\a.notes", @"C:\Users\Me\Notes\", true)]
    [InlineData(@"C:\Users\Me\NotesOld\a.notes", @"C:\Users\Me\Notes", false)]
    [InlineData(@"D:\Users\Me\Notes\a.notes", @"C:\Users\Me\Notes", false)]
    public void Windows_roots_match_ignoring_case(string path, string root, bool under) =>
        Assert.Equal(under, DocumentUris.IsUnder(path, root, PathRules.Windows));

    [Theory]
    [InlineData("/Users/Me/Notes/a.notes", "/users/me/notes", true, false)]
    [InlineData("/Users/Me/Notes/a.notes", "/Users/Me/Notes/", true, true)]
    [InlineData("/Users/Me/NotesOld/a.notes", "/Users/Me/Notes", false, false)]
    [InlineData("/a.notes", "/", true, true)]
    public void Posix_roots_match_by_platform_case_rules(string path, string root, bool underOnMac, bool underOnLinux)
    {
        Assert.Equal(underOnMac, DocumentUris.IsUnder(path, root, PathRules.MacOS));
        Assert.Equal(underOnLinux, DocumentUris.IsUnder(path, root, PathRules.Linux));
    }

    [Fact]
    public void A_case_insensitive_workspace_finds_a_dump_whatever_case_the_client_spells_it_in()
    {
        var rules = PathRules.Windows;
        var workspace = new Workspace(ConfigResolver.Fixed(NotesConfig.Default), rules.Comparer);
        var onDisk = @"C:\Users\Me\Notes\LLM.notes";
        workspace.Set(onDisk, NoteDocument.Parse("LLM\n#NLP Issue Date: 2024-01-02 #1234 Title, A. B+, ACL'24 Summaryx\n"));

        var fromClient = DocumentUris.KeyOf("file:///c%3A/users/me/notes/llm.notes", rules);
        Assert.Equal(@"C:\users\me\notes\llm.notes", fromClient);
        Assert.NotNull(workspace.Get(fromClient));
        Assert.Equal(onDisk, workspace.CanonicalKey(fromClient));

        var linux = new Workspace(ConfigResolver.Fixed(NotesConfig.Default), PathRules.Linux.Comparer);
        linux.Set("/home/me/LLM.notes", NoteDocument.Parse("LLM\n"));
        Assert.Null(linux.Get("/home/me/llm.notes"));
    }
}
