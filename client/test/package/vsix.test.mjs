// What `npm run package` produced: each .vsix holds a server that starts and answers `initialize` over stdio,
// executable where it must be; and packaging refuses to make a .vsix without a server (node:test).
//   npm run -s test:package            (after `npm run package`)
// NOTES_VSIX_DIR: where the .vsix files are (default: client/).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { smoke } from '../../scripts/smoke-server.mjs';

const client = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = process.env.NOTES_VSIX_DIR || client;
const vsixes = fs.readdirSync(dir).filter((f) => /^notes-lsp(-[a-z0-9]+-[a-z0-9]+)?\.vsix$/.test(f));
const hostTarget = `${process.platform}-${process.arch}`;

/** Entries of a zip: [{ name, mode, data }] (yauzl, the zip reader vsce itself uses). */
function readZip(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (e) => {
        if (e.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(e, (err2, stream) => {
          if (err2) return reject(err2);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            // Unix permissions live in the high 16 bits of the external attributes (made on Unix).
            entries.push({ name: e.fileName, mode: (e.externalFileAttributes >>> 16) & 0o7777, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** Writes the entries under `to`, with their modes (as VS Code's installer does). */
function extract(entries, to) {
  for (const e of entries) {
    const f = path.join(to, e.name);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, e.data);
    if (e.mode) fs.chmodSync(f, e.mode);
  }
}

test('npm run package made the universal .vsix', () => {
  assert.ok(vsixes.includes('notes-lsp.vsix'), `no notes-lsp.vsix in ${dir} (found: ${vsixes.join(', ') || 'none'}); run npm run package`);
});

for (const name of vsixes) {
  const target = /^notes-lsp-(.+)\.vsix$/.exec(name)?.[1];
  test(`${name}: holds the extension and ${target ? `the Native AOT server for ${target}` : 'the framework-dependent server'}, nothing else`, async () => {
    const entries = await readZip(path.join(dir, name));
    const names = entries.map((e) => e.name);
    for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/readme.md', 'extension/syntaxes/notes.tmLanguage.json',
      'extension/server/any/NotesLsp.dll', 'extension/server/any/NotesLsp.runtimeconfig.json', 'extension/server/any/NotesLsp.deps.json']) {
      assert.ok(names.includes(f), `${f} is missing`);
    }
    const manifest = entries.find((e) => e.name === 'extension.vsixmanifest').data.toString('utf8');
    const pkg = JSON.parse(entries.find((e) => e.name === 'extension/package.json').data.toString('utf8'));
    assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, 'limited');
    const natives = [...new Set(names.map((n) => /^extension\/server\/([^/]+)\//.exec(n)?.[1]).filter((d) => d && d !== 'any'))];
    if (target) {
      assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));
      assert.deepEqual(natives, [target]);
      const exe = entries.find((e) => e.name === `extension/server/${target}/notes-lsp${target.startsWith('win32') ? '.exe' : ''}`);
      assert.ok(exe, `the native server of ${target} is missing`);
      if (!target.startsWith('win32')) assert.equal(exe.mode & 0o111, 0o111, `notes-lsp is not executable in the zip (mode ${exe.mode.toString(8)})`);
    } else {
      assert.doesNotMatch(manifest, /TargetPlatform=/);
      assert.deepEqual(natives, [], 'the universal package carries no native build');
    }
    const stray = names.filter((n) => /(^|\/)(node_modules|src|test|\.server-build|\.package-stash)\/|\.server-stamp\.json$|\.map$|\.pdb$/.test(n));
    assert.deepEqual(stray, []);
  });

  test(`${name}: the server in it answers initialize over stdio`, async (t) => {
    const entries = await readZip(path.join(dir, name));
    const to = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-vsix-'));
    try {
      extract(entries, to);
      const ext = path.join(to, 'extension');
      const fd = await smoke('dotnet', [path.join(ext, 'server/any/NotesLsp.dll'), 'server']);
      t.diagnostic(`server/any/NotesLsp.dll with dotnet: initialize in ${fd.ms} ms`);
      if (target && target === hostTarget) {
        const r = await smoke(path.join(ext, 'server', target, 'notes-lsp'), ['server']);
        t.diagnostic(`server/${target}/notes-lsp: initialize in ${r.ms} ms`);
      } else if (target) {
        t.diagnostic(`server/${target} not run: this machine is ${hostTarget}`);
      }
    } finally {
      fs.rmSync(to, { recursive: true, force: true });
    }
  });
}

test('packaging refuses to make a .vsix without a server (vsce package through vscode:prepublish)', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-noserver-'));
  const out = path.join(empty, 'x.vsix');
  try {
    const verify = spawnSync(process.execPath, ['scripts/prepublish.mjs', '--verify-only', '--server-dir', empty], { cwd: client, encoding: 'utf8' });
    assert.equal(verify.status, 1);
    assert.match(verify.stderr, /refusing to make a \.vsix without a server/);
    assert.match(verify.stderr, /server\/any\/NotesLsp\.dll is missing/);
    // A native folder without its binary, or with a binary that is not executable, is refused too.
    fs.mkdirSync(path.join(empty, 'any'));
    for (const f of ['NotesLsp.dll', 'NotesLsp.runtimeconfig.json', 'NotesLsp.deps.json']) fs.writeFileSync(path.join(empty, 'any', f), '');
    fs.mkdirSync(path.join(empty, 'linux-x64'));
    fs.writeFileSync(path.join(empty, 'linux-x64', 'notes-lsp'), '', { mode: 0o644 });
    const notExec = spawnSync(process.execPath, ['scripts/prepublish.mjs', '--verify-only', '--server-dir', empty], { cwd: client, encoding: 'utf8' });
    assert.equal(notExec.status, 1);
    assert.match(notExec.stderr, /linux-x64\/notes-lsp is not executable/);
    // vsce itself stops: its vscode:prepublish (here: verification only, against the empty folder) fails.
    fs.rmSync(path.join(empty, 'any'), { recursive: true });
    const vsce = spawnSync(path.join(client, 'node_modules/.bin/vsce'), ['package', '-o', out], {
      cwd: client,
      encoding: 'utf8',
      env: { ...process.env, NOTES_PREPUBLISH_DONE: '1', NOTES_PREPUBLISH_SERVER_DIR: empty },
    });
    assert.notEqual(vsce.status, 0, vsce.stdout + vsce.stderr);
    assert.match(vsce.stdout + vsce.stderr, /refusing to make a \.vsix without a server/);
    assert.equal(fs.existsSync(out), false, 'a .vsix was made anyway');
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
