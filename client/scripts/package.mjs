// Packages the extension (`npm run package`). First scripts/prepublish.mjs builds the extension and, unless it is
// up to date, the server; then vsce runs once per package (its `vscode:prepublish` only checks the server then):
//   notes-lsp.vsix              universal: server/any (framework-dependent, run with dotnet) only
//   notes-lsp-<target>.vsix     one per Native AOT build in server/<target>/ (e.g. linux-x64), with
//                               `vsce package --target <target>`: the native server plus server/any
// Native folders not meant for a package are moved aside while it is made, and always put back.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const client = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverDir = path.join(client, 'server');
const stash = path.join(client, '.package-stash');
const vsce = path.join(client, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
// README.md itself, with its screenshot (a relative link, kept as it is: VS Code shows it from the extension folder).
const flags = ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '--readme-path', 'README.md'];
// VS Code's platform targets, named like the server/<platform>-<arch> folders.
const TARGETS = ['win32-x64', 'win32-arm64', 'linux-x64', 'linux-arm64', 'linux-armhf', 'alpine-x64', 'alpine-arm64', 'darwin-x64', 'darwin-arm64'];

const prepublish = spawnSync(process.execPath, [path.join(client, 'scripts/prepublish.mjs')], { cwd: client, stdio: 'inherit' });
if (prepublish.status !== 0) process.exit(prepublish.status ?? 1);
const natives = fs.readdirSync(serverDir).filter((d) => TARGETS.includes(d));

function withOnly(keep, fn) {
  const moved = natives.filter((d) => d !== keep);
  fs.mkdirSync(stash, { recursive: true });
  for (const d of moved) fs.renameSync(path.join(serverDir, d), path.join(stash, d));
  try {
    return fn();
  } finally {
    for (const d of moved) fs.renameSync(path.join(stash, d), path.join(serverDir, d));
    fs.rmSync(stash, { recursive: true, force: true });
  }
}

function run(args) {
  const r = spawnSync(vsce, args, { cwd: client, stdio: 'inherit', env: { ...process.env, NOTES_PREPUBLISH_DONE: '1' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

for (const f of fs.readdirSync(client).filter((f) => f.endsWith('.vsix'))) fs.rmSync(path.join(client, f));
withOnly(null, () => run([...flags, '-o', 'notes-lsp.vsix']));
for (const target of natives) {
  withOnly(target, () => run([...flags, '--target', target, '-o', `notes-lsp-${target}.vsix`]));
}
console.log(`package: ${['notes-lsp.vsix', ...natives.map((t) => `notes-lsp-${t}.vsix`)].join(', ')}`);
