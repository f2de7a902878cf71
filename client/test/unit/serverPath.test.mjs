// Unit tests of the server resolution order and of dump detection (node:test).
// The TypeScript sources are bundled to out/unit/ by `npm run test:unit` first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { resolveServer, ServerNotFoundError, findExecutable } = require('../../out/unit/serverPath.js');
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
