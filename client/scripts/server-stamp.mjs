// Whether client/server/ holds a build of the current server sources, without rebuilding it.
//   node scripts/server-stamp.mjs hash     print the hash of the build's inputs (taken before a build)
//   node scripts/server-stamp.mjs write [HASH]  after a build (scripts/build-server.sh does it): record the stamp
//   node scripts/server-stamp.mjs check    exit 0 when server/ is up to date, 1 (with the reason) when not
// The stamp (client/.server-stamp.json, never packaged) holds a hash of what the build reads (every file under
// src/ but bin/ and obj/, the repository's build props, the build scripts), of the tools and options that change
// its output (dotnet SDK version, C compiler for Native AOT, NOTES_SKIP_AOT, OS and CPU), and the list of files
// it produced with their sizes. Contents are hashed, not times: a checkout or a copy does not look stale.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const client = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repo = path.resolve(client, '..');
export const serverDir = path.join(client, 'server');
const stampFile = path.join(client, '.server-stamp.json');

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) {
      if (!['bin', 'obj', '.vs', 'TestResults'].includes(e.name)) walk(path.join(dir, e.name), out);
    } else if (e.isFile()) {
      out.push(path.join(dir, e.name));
    }
  }
  return out;
}

function which(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, cmd))) return path.join(dir, cmd);
  }
  return '';
}

/** Hash of everything the server build depends on. */
export function inputHash() {
  const h = createHash('sha256');
  const files = walk(path.join(repo, 'src'), []);
  for (const name of ['Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props', 'global.json', 'NuGet.config', 'nuget.config']) {
    if (fs.existsSync(path.join(repo, name))) files.push(path.join(repo, name));
  }
  files.push(path.join(client, 'scripts/build-server.sh'));
  for (const f of files) {
    h.update(path.relative(repo, f).split(path.sep).join('/') + '\0');
    h.update(fs.readFileSync(f));
    h.update('\0');
  }
  let sdk = '';
  try {
    sdk = execFileSync('dotnet', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    sdk = 'no dotnet';
  }
  h.update(JSON.stringify({ sdk, clang: which('clang') || which('clang-14'), skipAot: process.env.NOTES_SKIP_AOT === '1', os: process.platform, arch: process.arch }));
  return h.digest('hex');
}

/** The files of server/ with their sizes (what the build produced). */
export function outputList(dir = serverDir) {
  if (!fs.existsSync(dir)) return [];
  return walk(dir, []).map((f) => `${path.relative(dir, f).split(path.sep).join('/')} ${fs.statSync(f).size}`);
}

export function check() {
  if (!fs.existsSync(stampFile)) return { ok: false, why: 'the server was never built here (no .server-stamp.json)' };
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return { ok: false, why: 'unreadable .server-stamp.json' };
  }
  if (stamp.inputs !== inputHash()) return { ok: false, why: 'the server sources, build script or tools changed since the last build' };
  if (JSON.stringify(stamp.outputs) !== JSON.stringify(outputList())) return { ok: false, why: 'client/server/ is not what the last build produced' };
  return { ok: true, why: `built ${stamp.builtAt} from the same sources` };
}

/** `inputs`: the hash taken when the build started (sources edited during a build make the next check stale). */
export function write(inputs = inputHash()) {
  fs.writeFileSync(stampFile, JSON.stringify({ builtAt: new Date().toISOString(), inputs, outputs: outputList() }, null, 2) + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2];
  if (cmd === 'hash') {
    console.log(inputHash());
  } else if (cmd === 'write') {
    write(process.argv[3] || undefined);
  } else if (cmd === 'check') {
    const r = check();
    console.log(`server-stamp: ${r.ok ? 'up to date' : 'stale'}: ${r.why}`);
    process.exit(r.ok ? 0 : 1);
  } else {
    console.error('usage: server-stamp.mjs hash|write [HASH]|check');
    process.exit(2);
  }
}
