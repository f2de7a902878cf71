// `vscode:prepublish`: what `vsce package` runs before it makes a .vsix (so plain `npx vsce package` works too).
//   1. builds the extension (typecheck + bundle into dist/extension.js) and dist/README.md: README.md without its
//      relative image links, which plain `vsce package` refuses without a repository URL (package.json's
//      "vsce" field points it there; `npm run package` passes --no-rewrite-relative-links and README.md itself);
//   2. builds the server into server/ with scripts/build-server.sh, unless server/ is already a build of the
//      current sources (scripts/server-stamp.mjs);
//   3. refuses (exit 1) when server/ has no usable server: a .vsix without one shows "No notes-lsp server was found".
// `npm run package` runs 1 and 2 once, then vsce once per package with NOTES_PREPUBLISH_DONE=1: only 3 then.
//   node scripts/prepublish.mjs [--verify-only] [--server-dir DIR]
// (NOTES_PREPUBLISH_SERVER_DIR = --server-dir, for the packaging test to run vsce against an empty folder.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { check as stampCheck, client, serverDir as defaultServerDir } from './server-stamp.mjs';

const args = process.argv.slice(2);
const verifyOnly = args.includes('--verify-only') || process.env.NOTES_PREPUBLISH_DONE === '1';
const dirArg = args.indexOf('--server-dir');
const serverDir = dirArg >= 0 ? path.resolve(args[dirArg + 1]) : process.env.NOTES_PREPUBLISH_SERVER_DIR || defaultServerDir;
const TARGETS = ['win32-x64', 'win32-arm64', 'linux-x64', 'linux-arm64', 'linux-armhf', 'alpine-x64', 'alpine-arm64', 'darwin-x64', 'darwin-arm64'];

function run(cmd, cmdArgs, what) {
  const r = spawnSync(cmd, cmdArgs, { cwd: client, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\nprepublish: ${what} failed (${r.error ? r.error.message : `exit ${r.status}`}): no .vsix is made.`);
    process.exit(1);
  }
}

/** What is wrong with a server folder for packaging; [] when it holds a server the extension can run. */
function problems(dir) {
  const out = [];
  const any = path.join(dir, 'any');
  for (const f of ['NotesLsp.dll', 'NotesLsp.runtimeconfig.json', 'NotesLsp.deps.json']) {
    if (!fs.existsSync(path.join(any, f))) out.push(`server/any/${f} is missing`);
  }
  for (const target of fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => TARGETS.includes(d)) : []) {
    const exe = path.join(dir, target, target.startsWith('win32') ? 'notes-lsp.exe' : 'notes-lsp');
    if (!fs.existsSync(exe)) out.push(`server/${target}/ has no ${path.basename(exe)}`);
    else if (!target.startsWith('win32') && (fs.statSync(exe).mode & 0o111) === 0) out.push(`server/${target}/notes-lsp is not executable`);
  }
  return out;
}

if (!verifyOnly) {
  run('npm', ['run', '-s', 'build'], 'the extension build (npm run build)');
  const readme = fs.readFileSync(path.join(client, 'README.md'), 'utf8');
  const relativeImage = /^\s*!\[[^\]]*\]\((?![a-z]+:)[^)]*\)\s*$/;
  const lines = readme.split('\n');
  const kept = lines.filter((l) => !relativeImage.test(l));
  fs.writeFileSync(path.join(client, 'dist/README.md'), kept.join('\n').replace(/\n{3,}/g, '\n\n'));
  const stamp = stampCheck();
  if (stamp.ok && problems(serverDir).length === 0) {
    console.log(`prepublish: server/ is up to date (${stamp.why}): not rebuilt`);
  } else {
    console.log(`prepublish: building the server (${stamp.why})`);
    run('bash', [path.join(client, 'scripts/build-server.sh')], 'the server build (scripts/build-server.sh)');
  }
}
if (!fs.existsSync(path.join(client, 'dist/extension.js'))) {
  console.error('prepublish: dist/extension.js is missing (npm run build): refusing to make a .vsix.');
  process.exit(1);
}
const wrong = problems(serverDir);
if (wrong.length) {
  console.error(
    `prepublish: refusing to make a .vsix without a server (${serverDir}):\n  - ${wrong.join('\n  - ')}\n` +
      'Installed, it would only say "No notes-lsp server was found". Build it with `npm run build:server` ' +
      '(needs the .NET 10 SDK; Native AOT also needs clang), or run `npm run package`, which builds it.',
  );
  process.exit(1);
}
const natives = fs.readdirSync(serverDir).filter((d) => TARGETS.includes(d));
console.log(`prepublish: server ok: server/any${natives.map((t) => `, server/${t}`).join('')}`);
