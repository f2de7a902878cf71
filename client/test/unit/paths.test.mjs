// URI <-> path conversion and path comparison by each platform's rules (src/paths.ts), on any machine: the
// platform is a parameter. The expected URIs and paths are what VS Code's own Uri computes on that platform
// (checked against vscode-uri 3.1 with process.platform set), except where a comment says why not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { fileUriToPath, pathToFileUri, pathKey, samePath, isInside, uriKey } = require('../../out/unit/paths.js');

test('win32: file URI -> path (drive letter, %3A, percent-encoding, UNC)', () => {
  const w = (u) => fileUriToPath(u, 'win32');
  assert.equal(w('file:///c%3A/Users/Me/a%20b.notes'), 'c:\\Users\\Me\\a b.notes');
  assert.equal(w('file:///C:/Users/Me/a.notes'), 'c:\\Users\\Me\\a.notes');
  assert.equal(w('file:///c:/Users/Me/%E3%83%8E%E3%83%BC%E3%83%88%20%231.notes'), 'c:\\Users\\Me\\ノート #1.notes');
  assert.equal(w('file:///c%3A/x%2Fy'), 'c:\\x\\y');
  assert.equal(w('file:///C%3A/100%25.notes'), 'c:\\100%.notes');
  assert.equal(w('file://server/share/x.notes'), '\\\\server\\share\\x.notes');
  assert.equal(w('FILE:///D:/n.notes'), 'd:\\n.notes');
  // RFC 8089: "localhost" is this machine (VS Code makes \\localhost\c:\x of it).
  assert.equal(w('file://localhost/c:/x'), 'c:\\x');
  assert.equal(w('file:///c:/a.notes?query#frag'), 'c:\\a.notes');
});

test('win32: path -> file URI spelled as VS Code spells it', () => {
  const u = (p) => pathToFileUri(p, 'win32');
  assert.equal(u('C:\\Users\\Me\\ノート #1.notes'), 'file:///c%3A/Users/Me/%E3%83%8E%E3%83%BC%E3%83%88%20%231.notes');
  assert.equal(u('c:/a/b'), 'file:///c%3A/a/b');
  assert.equal(u("C:\\a\\it's (1)!.notes"), 'file:///c%3A/a/it%27s%20%281%29%21.notes');
  assert.equal(u('C:\\100%.notes'), 'file:///c%3A/100%25.notes');
  assert.equal(u('\\\\Server\\share\\x y.notes'), 'file://server/share/x%20y.notes');
  // VS Code turns \\?\C:\ into file://%3F/...; the long-path prefix is dropped here.
  assert.equal(u('\\\\?\\C:\\long\\p.notes'), 'file:///c%3A/long/p.notes');
  assert.equal(u('\\\\?\\UNC\\server\\share\\p.notes'), 'file://server/share/p.notes');
});

test('posix (linux, darwin): URI <-> path', () => {
  for (const platform of ['linux', 'darwin']) {
    assert.equal(pathToFileUri('/home/me/ノート #1.notes', platform), 'file:///home/me/%E3%83%8E%E3%83%BC%E3%83%88%20%231.notes');
    assert.equal(pathToFileUri('/tmp/a:b.notes', platform), 'file:///tmp/a%3Ab.notes');
    assert.equal(fileUriToPath('file:///home/me/a%20b.notes', platform), '/home/me/a b.notes');
    // A backslash is an ordinary character in a POSIX name.
    assert.equal(fileUriToPath('file:///tmp/a%5Cb.notes', platform), '/tmp/a\\b.notes');
    assert.equal(pathToFileUri('/tmp/a\\b.notes', platform), 'file:///tmp/a%5Cb.notes');
    // A malformed escape stays as it is.
    assert.equal(fileUriToPath('file:///home/x%ZZ.notes', platform), '/home/x%ZZ.notes');
    // No drive letters on POSIX (VS Code gives "c:/x" on every platform).
    assert.equal(fileUriToPath('file:///c:/x', platform), '/c:/x');
  }
});

test('round trip path -> URI -> path on each platform', () => {
  const cases = {
    win32: ['c:\\Users\\Me\\ノート #1.notes', 'd:\\a b\\c%20d.notes', '\\\\server\\share\\x.notes', 'c:\\がぎぐ\\café.notes'],
    linux: ['/home/me/ノート #1.notes', '/a b/c%20d.notes', '/tmp/a\\b?.notes', '/tmp/%E3.notes'],
    darwin: ['/Users/me/ノート #1.notes', '/Users/me/a+b&c=d.notes'],
  };
  for (const [platform, paths] of Object.entries(cases)) {
    for (const p of paths) assert.equal(fileUriToPath(pathToFileUri(p, platform), platform), p, `${platform}: ${p}`);
  }
});

test('win32: paths compare case-insensitively, with either separator, without trailing separators', () => {
  assert.ok(samePath('C:\\Users\\Me\\A.notes', 'c:/users/me/a.NOTES', 'win32'));
  assert.ok(samePath('C:\\Users\\Me\\', 'c:\\users\\me', 'win32'));
  assert.ok(samePath('C:\\Users\\Me\\x\\..\\a.notes', 'C:\\Users\\Me\\a.notes', 'win32'));
  assert.ok(samePath('\\\\?\\C:\\Users\\a.notes', 'C:\\Users\\a.notes', 'win32'));
  assert.ok(samePath('\\\\Server\\Share\\a.notes', '\\\\server\\share\\A.notes', 'win32'));
  assert.ok(!samePath('C:\\Users\\a.notes', 'D:\\Users\\a.notes', 'win32'));
  assert.equal(pathKey('C:\\', 'win32'), 'c:\\');
});

test('linux: paths are case-sensitive and byte-exact; darwin: case- and normalization-insensitive', () => {
  assert.ok(!samePath('/home/me/A.notes', '/home/me/a.notes', 'linux'));
  assert.ok(samePath('/home/me/a.notes', '/home/me//x/../a.notes/', 'linux'));
  assert.ok(!samePath('/home/me/a\\b', '/home/me/a/b', 'linux'));
  assert.ok(samePath('/Users/Me/A.notes', '/users/me/a.notes', 'darwin'));
  // "ガ" as one code point (NFC, typed) and as カ + U+3099 (NFD, how HFS+ stores names).
  const nfc = '/Users/me/ガイド.notes';
  const nfd = nfc.normalize('NFD');
  assert.notEqual(nfc, nfd);
  assert.ok(samePath(nfc, nfd, 'darwin'));
  assert.ok(!samePath(nfc, nfd, 'linux'));
  assert.equal(pathKey('/', 'linux'), '/');
});

test('workspace folder matching: inside, not a sibling with the same prefix', () => {
  assert.ok(isInside('C:\\Work\\Notes\\a.notes', 'c:\\work\\notes', 'win32'));
  assert.ok(isInside('c:/work/notes/sub/a.notes', 'C:\\Work\\Notes\\', 'win32'));
  assert.ok(isInside('C:\\Work\\Notes', 'C:\\Work\\Notes', 'win32'));
  assert.ok(!isInside('C:\\Work\\NotesOld\\a.notes', 'C:\\Work\\Notes', 'win32'));
  assert.ok(!isInside('D:\\Work\\Notes\\a.notes', 'C:\\Work\\Notes', 'win32'));
  assert.ok(isInside('C:\\a.notes', 'C:\\', 'win32'));
  assert.ok(isInside('/home/me/ws/tools/x.sh', '/home/me/ws', 'linux'));
  assert.ok(!isInside('/home/me/WS/tools/x.sh', '/home/me/ws', 'linux'));
  assert.ok(isInside('/Users/me/WS/tools/x.sh', '/Users/me/ws', 'darwin'));
  assert.ok(!isInside('/home/me/ws2/x.sh', '/home/me/ws', 'linux'));
  assert.ok(!isInside('/home/me/ws/../other/x.sh', '/home/me/ws', 'linux'));
  assert.ok(isInside('/x.sh', '/', 'linux'));
});

test('uriKey: the spellings of one file URI meet (Windows, macOS), other schemes stay themselves', () => {
  const win = ['file:///c%3A/Users/Me/A.notes', 'file:///C:/Users/Me/A.notes', 'file:///c:/users/me/a.notes', 'file:///C%3a/Users/Me/A%2Enotes'];
  for (const u of win) assert.equal(uriKey(u, 'win32'), uriKey(win[0], 'win32'), u);
  assert.notEqual(uriKey('file:///home/Me/A.notes', 'linux'), uriKey('file:///home/me/a.notes', 'linux'));
  assert.equal(uriKey('file:///home/me/a%20b.notes', 'linux'), uriKey('file:///home/me/a b.notes', 'linux'));
  assert.equal(uriKey('file:///Users/me/' + encodeURIComponent('ガ'.normalize('NFD')), 'darwin'), uriKey('file:///Users/me/%E3%82%AC', 'darwin'));
  assert.equal(uriKey('untitled:Untitled-1', 'win32'), 'untitled:Untitled-1');
});
