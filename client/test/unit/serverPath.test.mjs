// Unit tests of the server resolution order (real files on this machine, and other platforms' rules with a
// fake file system), Restricted Mode, and dump detection (node:test).
// The TypeScript sources are bundled to out/unit/ by `npm run test:unit` first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { resolveServer, ServerNotFoundError, findExecutable, expandPath } = require('../../out/unit/serverPath.js');
const { looksLikeNoteDump } = require('../../out/unit/detect.js');

function scratch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-client-unit-'));
  const ext = path.join(dir, 'ext');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(ext);
  fs.mkdirSync(bin);
  const dotnet = path.join(bin, 'dotnet');
  fs.writeFileSync(dotnet, '#!/bin/sh\n');
  fs.chmodSync(dotnet, 0o755);
  return { dir, ext, bin, dotnet, env: { PATH: bin } };
}
function put(file, mode = 0o644) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'x');
  fs.chmodSync(file, mode);
}
const base = (s, over = {}) => ({ serverPath: '', dotnetPath: 'dotnet', extensionPath: s.ext, env: s.env, platform: 'linux', arch: 'x64', ...over });

test('bundled Native AOT build wins over the framework-dependent one', () => {
  const s = scratch();
  put(path.join(s.ext, 'server/linux-x64/notes-lsp'), 0o755);
  put(path.join(s.ext, 'server/any/NotesLsp.dll'));
  const r = resolveServer(base(s));
  assert.equal(r.kind, 'native');
  assert.equal(r.command, path.join(s.ext, 'server/linux-x64/notes-lsp'));
  assert.deepEqual(r.args, ['server']);
});

test('a native binary that lost its executable bit gets it back', () => {
  const s = scratch();
  put(path.join(s.ext, 'server/linux-x64/notes-lsp'), 0o644);
  const r = resolveServer(base(s));
  assert.equal(r.kind, 'native');
  fs.accessSync(r.command, fs.constants.X_OK);
});

test('framework-dependent NotesLsp.dll runs with dotnet found on PATH', () => {
  const s = scratch();
  put(path.join(s.ext, 'server/any/NotesLsp.dll'));
  const r = resolveServer(base(s));
  assert.equal(r.kind, 'dotnet');
  assert.equal(r.command, s.dotnet);
  assert.deepEqual(r.args, [path.join(s.ext, 'server/any/NotesLsp.dll'), 'server']);
});

test('native build of another platform is not used', () => {
  const s = scratch();
  put(path.join(s.ext, 'server/linux-x64/notes-lsp'), 0o755);
  put(path.join(s.ext, 'server/any/NotesLsp.dll'));
  assert.equal(resolveServer(base(s, { arch: 'arm64' })).kind, 'dotnet');
});

test('notesLsp.server.path: an executable is run directly, a .dll with notesLsp.dotnet.path', () => {
  const s = scratch();
  put(path.join(s.ext, 'server/linux-x64/notes-lsp'), 0o755);
  const exe = path.join(s.dir, 'custom/notes-lsp');
  put(exe, 0o755);
  const r1 = resolveServer(base(s, { serverPath: exe }));
  assert.equal(r1.kind, 'setting');
  assert.equal(r1.command, exe);
  assert.deepEqual(r1.args, ['server']);
  const dll = path.join(s.dir, 'custom/NotesLsp.dll');
  put(dll);
  const r2 = resolveServer(base(s, { serverPath: dll, dotnetPath: s.dotnet }));
  assert.equal(r2.command, s.dotnet);
  assert.deepEqual(r2.args, [dll, 'server']);
});

test('notesLsp.server.path relative to the workspace folder and with ${workspaceFolder}', () => {
  const s = scratch();
  const exe = path.join(s.dir, 'tools/notes-lsp');
  put(exe, 0o755);
  assert.equal(resolveServer(base(s, { serverPath: 'tools/notes-lsp', workspaceFolder: s.dir })).command, exe);
  assert.equal(resolveServer(base(s, { serverPath: '${workspaceFolder}/tools/notes-lsp', workspaceFolder: s.dir })).command, exe);
});

test('errors name the setting to fix', () => {
  const s = scratch();
  assert.throws(() => resolveServer(base(s)), (e) => e instanceof ServerNotFoundError && e.setting === 'notesLsp.server.path' && /No notes-lsp server was found/.test(e.message));
  assert.throws(() => resolveServer(base(s, { serverPath: path.join(s.dir, 'missing') })), (e) => e.setting === 'notesLsp.server.path' && /not an executable/.test(e.message));
  put(path.join(s.ext, 'server/any/NotesLsp.dll'));
  assert.throws(
    () => resolveServer(base(s, { dotnetPath: '/nonexistent/dotnet' })),
    (e) => e.setting === 'notesLsp.dotnet.path' && /\.NET runtime was not found/.test(e.message),
  );
});

test('findExecutable searches PATH for bare names only', () => {
  const s = scratch();
  assert.equal(findExecutable('dotnet', s.env, 'linux'), s.dotnet);
  assert.equal(findExecutable(s.dotnet, {}, 'linux'), s.dotnet);
  assert.equal(findExecutable('no-such-tool-here', { PATH: s.bin }, 'linux'), undefined);
});

test('dump detection: Issue Date: YYYY-MM-DD in one of the first 50 lines', () => {
  const lines = (arr) => [(i) => arr[i], arr.length];
  const seed = fs.readFileSync(new URL('../../../seeds/knowledge-editing.txt', import.meta.url), 'utf8').split('\n');
  assert.equal(looksLikeNoteDump(...lines(seed)), true);
  assert.equal(looksLikeNoteDump(...lines(['#Tag Issue Date: 2026-04-14 #5217 T, A+, ICLR\'26 Summaryx'])), true);
  assert.equal(looksLikeNoteDump(...lines(['just text', 'Issue Date: soon'])), false);
  const late = Array.from({ length: 60 }, () => 'text');
  late[55] = 'Issue Date: 2025-01-01';
  assert.equal(looksLikeNoteDump(...lines(late)), false);
  late[49] = 'Issue Date: 2025-01-01';
  assert.equal(looksLikeNoteDump(...lines(late)), true);
});

test('dump detection: CRLF line ends, a BOM and a tab before the date', () => {
  const text = '\uFEFFMy notes\r\n\r\n#NLP\r\nIssue Date:\t2025-01-01 #1 Title, A+, ACL\'25 Summary x\r\n';
  const arr = text.split('\n');
  assert.equal(looksLikeNoteDump((i) => arr[i], arr.length), true);
});

// ---- other platforms' rules, with a fake file system: { path: 'x' (executable) | 'f' (plain file) }
function fakeProbe(files, platform) {
  const norm = (p) => (platform === 'win32' ? p.toLowerCase() : p);
  const map = new Map(Object.entries(files).map(([p, k]) => [norm(p), k]));
  return {
    isFile: (p) => map.has(norm(p)),
    isExecutable: (p) => map.get(norm(p)) === 'x' || (platform === 'win32' && map.has(norm(p))),
    repairExecutable: (p) => {
      if (!map.has(norm(p))) return false;
      map.set(norm(p), 'x');
      return true;
    },
  };
}
const win = (files, over = {}) => ({
  serverPath: '', dotnetPath: 'dotnet', extensionPath: 'C:\\Users\\Me\\.vscode\\extensions\\noteslsp.notes-lsp-0.1.0',
  env: { Path: 'C:\\Windows\\system32;C:\\Program Files\\dotnet', PATHEXT: '.COM;.EXE;.BAT;.CMD' },
  platform: 'win32', arch: 'x64', home: 'C:\\Users\\Me', probe: fakeProbe(files, 'win32'), ...over,
});

test('win32: bundled notes-lsp.exe, else NotesLsp.dll with dotnet.exe found through Path and PATHEXT', () => {
  const ext = 'C:\\Users\\Me\\.vscode\\extensions\\noteslsp.notes-lsp-0.1.0';
  const r1 = resolveServer(win({ [`${ext}\\server\\win32-x64\\notes-lsp.exe`]: 'f', [`${ext}\\server\\any\\NotesLsp.dll`]: 'f' }));
  assert.equal(r1.kind, 'native');
  assert.equal(r1.command, `${ext}\\server\\win32-x64\\notes-lsp.exe`);
  const r2 = resolveServer(win({ [`${ext}\\server\\any\\NotesLsp.dll`]: 'f', 'C:\\Program Files\\dotnet\\dotnet.exe': 'f' }));
  assert.equal(r2.kind, 'dotnet');
  assert.equal(r2.command, 'C:\\Program Files\\dotnet\\dotnet.exe');
  assert.deepEqual(r2.args, [`${ext}\\server\\any\\NotesLsp.dll`, 'server']);
  assert.equal(r2.shell, false);
});

test('win32: notesLsp.server.path with / or \\, ~\\, ${workspaceFolder}, relative to the folder, without .exe', () => {
  const exe = 'D:\\Tools\\notes-lsp.exe';
  for (const serverPath of ['D:\\Tools\\notes-lsp.exe', 'D:/Tools/notes-lsp.exe', 'd:\\tools\\NOTES-LSP.EXE', 'D:\\Tools\\notes-lsp']) {
    const r = resolveServer(win({ [exe]: 'f' }, { serverPath }));
    assert.equal(r.kind, 'setting', serverPath);
    assert.equal(r.command.toLowerCase(), serverPath.toLowerCase().replace(/\//g, '\\').replace(/notes-lsp$/, 'notes-lsp.exe'), serverPath);
  }
  const home = resolveServer(win({ 'C:\\Users\\Me\\bin\\notes-lsp.exe': 'f' }, { serverPath: '~\\bin\\notes-lsp.exe' }));
  assert.equal(home.command, 'C:\\Users\\Me\\bin\\notes-lsp.exe');
  const ws = 'C:\\Work\\Notes';
  const rel = resolveServer(win({ 'C:\\Work\\Notes\\tools\\notes-lsp.exe': 'f' }, { serverPath: 'tools\\notes-lsp.exe', workspaceFolder: ws }));
  assert.equal(rel.command, 'C:\\Work\\Notes\\tools\\notes-lsp.exe');
  const rel2 = resolveServer(win({ 'C:\\Work\\Notes\\tools\\notes-lsp.exe': 'f' }, { serverPath: '${workspaceFolder}/tools/notes-lsp.exe', workspaceFolder: ws }));
  assert.equal(rel2.command, 'C:\\Work\\Notes\\tools\\notes-lsp.exe');
  assert.equal(expandPath('C:\\a\\b', 'D:\\ws', 'win32'), 'C:\\a\\b');
});

test('win32: a .cmd server runs through the shell (Node refuses to spawn batch files directly)', () => {
  const r = resolveServer(win({ 'C:\\Tools\\notes-lsp.cmd': 'f' }, { serverPath: 'C:\\Tools\\notes-lsp.cmd' }));
  assert.equal(r.shell, true);
});

test('darwin: bundled darwin-arm64 build; dotnet in /usr/local/share/dotnet when not on PATH', () => {
  const ext = '/Users/me/.vscode/extensions/noteslsp.notes-lsp-0.1.0';
  const base = { serverPath: '', dotnetPath: 'dotnet', extensionPath: ext, env: { PATH: '/usr/bin:/bin' }, platform: 'darwin', arch: 'arm64', home: '/Users/me' };
  const r1 = resolveServer({ ...base, probe: fakeProbe({ [`${ext}/server/darwin-arm64/notes-lsp`]: 'x' }, 'darwin') });
  assert.equal(r1.command, `${ext}/server/darwin-arm64/notes-lsp`);
  const r2 = resolveServer({ ...base, probe: fakeProbe({ [`${ext}/server/any/NotesLsp.dll`]: 'f', '/usr/local/share/dotnet/dotnet': 'x' }, 'darwin') });
  assert.equal(r2.command, '/usr/local/share/dotnet/dotnet');
  // A bundled binary without its executable bit gets it back; a file found on PATH is never chmod-ed.
  const probe = fakeProbe({ [`${ext}/server/darwin-arm64/notes-lsp`]: 'f', '/usr/bin/dotnet': 'f' }, 'darwin');
  assert.equal(resolveServer({ ...base, probe }).kind, 'native');
  assert.equal(findExecutable('dotnet', { PATH: '/usr/bin' }, 'darwin', probe), undefined);
});

test('Restricted Mode: a program inside the untrusted workspace is not run, the bundled server is', () => {
  const s = scratch();
  put(path.join(s.ext, 'server/linux-x64/notes-lsp'), 0o755);
  const ws = path.join(s.dir, 'ws');
  const evil = path.join(ws, 'tools/notes-lsp');
  put(evil, 0o755);
  for (const serverPath of ['tools/notes-lsp', '${workspaceFolder}/tools/notes-lsp', evil]) {
    const r = resolveServer(base(s, { serverPath, workspaceFolder: ws, untrustedFolders: [ws] }));
    assert.equal(r.kind, 'native', serverPath);
    assert.equal(r.command, path.join(s.ext, 'server/linux-x64/notes-lsp'));
    assert.match(r.ignored.join(), /inside this untrusted workspace/);
  }
  // Trusted (no untrustedFolders): the configured program runs.
  assert.equal(resolveServer(base(s, { serverPath: 'tools/notes-lsp', workspaceFolder: ws })).command, evil);
  // A program outside the workspace, from the user's settings, still runs in Restricted Mode.
  const mine = path.join(s.dir, 'mine/notes-lsp');
  put(mine, 0o755);
  const r = resolveServer(base(s, { serverPath: mine, workspaceFolder: ws, untrustedFolders: [ws] }));
  assert.equal(r.command, mine);
  assert.deepEqual(r.ignored, []);
});

test('Restricted Mode: a dotnet inside the workspace is skipped, on PATH too', () => {
  const s = scratch();
  put(path.join(s.ext, 'server/any/NotesLsp.dll'));
  const ws = path.join(s.dir, 'ws');
  const evilDotnet = path.join(ws, 'bin/dotnet');
  put(evilDotnet, 0o755);
  const env = { PATH: `${path.join(ws, 'bin')}${path.delimiter}${s.bin}` };
  const r1 = resolveServer(base(s, { env, dotnetPath: 'bin/dotnet', workspaceFolder: ws, untrustedFolders: [ws] }));
  assert.equal(r1.command, s.dotnet);
  assert.match(r1.ignored.join(), /dotnet\.path/);
  const r2 = resolveServer(base(s, { env, workspaceFolder: ws, untrustedFolders: [ws] }));
  assert.equal(r2.command, s.dotnet);
  assert.equal(resolveServer(base(s, { env, workspaceFolder: ws })).command, evilDotnet);
});

test('Restricted Mode on win32: the workspace match ignores case and separators', () => {
  const ext = 'C:\\Users\\Me\\.vscode\\extensions\\noteslsp.notes-lsp-0.1.0';
  const r = resolveServer(
    win(
      { [`${ext}\\server\\win32-x64\\notes-lsp.exe`]: 'f', 'C:\\Work\\Notes\\tools\\notes-lsp.exe': 'f' },
      { serverPath: 'c:/work/NOTES/tools/notes-lsp.exe', workspaceFolder: 'C:\\Work\\Notes', untrustedFolders: ['C:\\Work\\Notes'] },
    ),
  );
  assert.equal(r.kind, 'native');
});
