#!/usr/bin/env node
// Writes THIRD-PARTY-NOTICES.txt: every third-party package that ships inside NotesLsp, with its version, licence
// (SPDX), copyright and licence text.
//   server     the NuGet packages with runtime assets in src/NotesLsp's restore (what `dotnet publish` copies
//              next to NotesLsp.dll, and what Native AOT compiles in), read from obj/project.assets.json
//              after a locked restore; nuspec <license>/<copyright> and the package's licence and notice files
//              from the NuGet global packages folder. Analyzers and build-only packages have no runtime assets.
//   AOT        the .NET runtime compiled into the Native AOT binaries (the version the SDK's ILCompiler brings,
//              the same as its Microsoft.NET.ILLink.Tasks in the restore).
//   extension  the npm packages esbuild bundles into client/dist/extension.js: the production dependencies of
//              client/package-lock.json (installed into a temporary folder with `npm ci --omit=dev`); the
//              extension's sources may import nothing else (checked here).
// Deterministic: sorted, no dates, line endings normalised.
// Usage: node scripts/third-party-notices.mjs           rewrite THIRD-PARTY-NOTICES.txt
//        node scripts/third-party-notices.mjs --check   exit 1 if the committed file differs (run by .ci/run)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = path.join(root, 'THIRD-PARTY-NOTICES.txt');
const script = 'scripts/third-party-notices.mjs';
const check = process.argv.includes('--check');
// Notice files up to this size are reproduced (once each); larger ones are named with their size.
const NOTICE_LIMIT = 100 * 1024;
const RULE = '-'.repeat(100);

const MIT = (copyright) => `MIT License

${copyright}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32', ...opts });
const normalise = (text) =>
  text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[ \t]+$/, '')).join('\n').trim();
const byName = (a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), 'en') || a.version.localeCompare(b.version, 'en');
const xml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').trim();
const tag = (doc, name) => {
  const m = new RegExp(`<${name}(\\s[^>]*)?>([^<]*)</${name}>`).exec(doc);
  return m ? { attrs: m[1] ?? '', text: xml(m[2]) } : undefined;
};
const LICENSE_FILE = /^(licen[cs]e|copying)(\.(txt|md|markdown))?$/i;
const NOTICE_FILE = /^(notice|notices|third-?party-?notices|thirdpartynotices)(\.(txt|md))?$/i;
const filesIn = (dir, re) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => re.test(f) && fs.statSync(path.join(dir, f)).isFile()).sort() : []);
// "Copyright (c) 2013 …", "Copyright 2024 …", "© …": not the "copyright notice" lines of the licence text itself.
const copyrightLines = (text) =>
  text.split('\n').filter((l) => /^\s*(copyright\s*(\(c\)|©|\d{4})|\(c\)\s*\d{4}|©)/i.test(l)).map((l) => l.trim());
const withoutGit = (url) =>
  url?.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/^git@github\.com:/, 'https://github.com/').replace(/\.git$/, '');

function fail(message) {
  console.error(`third-party-notices: ${message}`);
  process.exit(2);
}

// ---- server: NuGet --------------------------------------------------------------------------------------------
function serverPackages() {
  const project = path.join(root, 'src', 'NotesLsp', 'NotesLsp.csproj');
  const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' };
  try {
    run('dotnet', ['restore', project, '--locked-mode', '-nologo', '-v:q'], { env });
  } catch (e) {
    fail(`dotnet restore --locked-mode src/NotesLsp failed (lock files out of date? scripts/update-locks.sh):\n${e.stdout}${e.stderr}`);
  }
  const assetsFile = run('dotnet', ['msbuild', project, '-getProperty:ProjectAssetsFile', '-nologo'], { env }).trim();
  const assets = JSON.parse(fs.readFileSync(assetsFile, 'utf8'));
  const frameworks = Object.keys(assets.targets).filter((t) => !t.includes('/'));
  if (frameworks.length !== 1) fail(`expected one target framework in ${assetsFile}, found ${frameworks.join(', ')}`);
  const folder = Object.keys(assets.packageFolders)[0];
  const packages = [];
  let illink;
  for (const [key, entry] of Object.entries(assets.targets[frameworks[0]])) {
    if (entry.type !== 'package') continue;
    const [name, version] = key.split('/');
    if (name === 'Microsoft.NET.ILLink.Tasks') illink = version;
    const runtime = Object.keys(entry.runtime ?? {}).filter((f) => !f.endsWith('/_._'));
    if (runtime.length === 0) continue;
    const dir = path.join(folder, assets.libraries[key].path);
    const nuspecFile = fs.readdirSync(dir).find((f) => f.endsWith('.nuspec'));
    if (!nuspecFile) fail(`no .nuspec in ${dir}`);
    const nuspec = fs.readFileSync(path.join(dir, nuspecFile), 'utf8');
    const license = tag(nuspec, 'license');
    const licenseUrl = tag(nuspec, 'licenseUrl')?.text;
    const repo = /<repository\s[^>]*url="([^"]+)"/.exec(nuspec)?.[1];
    let copyright = tag(nuspec, 'copyright')?.text;
    // A bare year ("2024") names no one: add the package's authors.
    if (copyright && !/\p{L}/u.test(copyright.replace(/copyright|\(c\)/gi, ''))) copyright = `${copyright} ${tag(nuspec, 'authors')?.text ?? ''}`.trim();
    const pkg = {
      name,
      version,
      spdx: license && /type="expression"/.test(license.attrs) ? license.text : undefined,
      copyright,
      source: withoutGit(repo ?? tag(nuspec, 'projectUrl')?.text),
      licenseFiles: [],
      notices: [],
    };
    if (license && /type="file"/.test(license.attrs)) pkg.licenseFiles.push(path.join(dir, license.text));
    else pkg.licenseFiles.push(...filesIn(dir, LICENSE_FILE).map((f) => path.join(dir, f)));
    if (!pkg.spdx && licenseUrl) pkg.spdx = `see ${licenseUrl}`;
    pkg.notices.push(...filesIn(dir, NOTICE_FILE).map((f) => ({ file: path.join(dir, f), shown: f })));
    pkg.notices.push(...filesIn(path.join(dir, 'notices'), /./).map((f) => ({ file: path.join(dir, 'notices', f), shown: `notices/${f}` })));
    packages.push(pkg);
  }
  if (!illink) fail('Microsoft.NET.ILLink.Tasks is not in the restore of src/NotesLsp: cannot tell the .NET runtime version of the Native AOT build');
  const runtimeNotices = filesIn(path.join(folder, 'microsoft.net.illink.tasks', illink), NOTICE_FILE).map((f) => ({
    file: path.join(folder, 'microsoft.net.illink.tasks', illink, f),
    shown: f,
  }));
  const dotnet = {
    name: '.NET runtime and libraries (dotnet/runtime)',
    version: illink,
    spdx: 'MIT',
    copyright: 'Copyright (c) .NET Foundation and Contributors',
    source: 'https://github.com/dotnet/runtime',
    licenseFiles: [],
    notices: runtimeNotices,
  };
  return { packages: packages.sort(byName), dotnet };
}

// ---- extension: npm -------------------------------------------------------------------------------------------
function extensionPackages() {
  const client = path.join(root, 'client');
  const manifest = JSON.parse(fs.readFileSync(path.join(client, 'package.json'), 'utf8'));
  const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
  // Whatever the sources import is bundled: it must be a production dependency (or vscode / Node's own modules).
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'vscode']);
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  for (const file of walk(path.join(client, 'src')).filter((f) => /\.[cm]?[jt]sx?$/.test(f))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (spec.startsWith('.') || builtins.has(spec) || builtins.has(spec.split('/')[0])) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!dependencies.has(name)) {
        fail(`${path.relative(root, file)} imports '${spec}', which is not in client/package.json "dependencies": ` +
          'the bundle would carry a package these notices do not list (move it to "dependencies")');
      }
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-notices-'));
  try {
    fs.copyFileSync(path.join(client, 'package.json'), path.join(tmp, 'package.json'));
    fs.copyFileSync(path.join(client, 'package-lock.json'), path.join(tmp, 'package-lock.json'));
    try {
      run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: tmp });
    } catch (e) {
      fail(`npm ci --omit=dev of client/package-lock.json failed:\n${e.stdout}${e.stderr}`);
    }
    const lock = JSON.parse(fs.readFileSync(path.join(client, 'package-lock.json'), 'utf8'));
    const packages = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (!key || entry.dev || entry.link) continue;
      const dir = path.join(tmp, key);
      if (!fs.existsSync(dir)) continue; // an optional package for another platform
      const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const author = typeof pj.author === 'string' ? pj.author : pj.author?.name;
      const repo = typeof pj.repository === 'string' ? pj.repository : pj.repository?.url;
      packages.push({
        name: pj.name,
        version: pj.version,
        spdx: typeof pj.license === 'string' ? pj.license : pj.license?.type,
        copyright: author ? `Copyright (c) ${author}` : undefined,
        source: withoutGit(repo),
        licenseFiles: filesIn(dir, LICENSE_FILE).map((f) => path.join(dir, f)),
        notices: filesIn(dir, NOTICE_FILE).map((f) => ({ file: path.join(dir, f), shown: f })),
      });
    }
    // Read the files now: the temporary folder goes away.
    for (const p of packages) {
      p.licenseTexts = p.licenseFiles.map((f) => normalise(fs.readFileSync(f, 'utf8')));
      p.noticeTexts = p.notices.map((n) => ({ shown: n.shown, size: fs.statSync(n.file).size, text: normalise(fs.readFileSync(n.file, 'utf8')) }));
    }
    return packages.sort(byName);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---- rendering ------------------------------------------------------------------------------------------------
const seenNotices = new Map(); // sha256 -> "name version / file"

function render(pkg) {
  const licenseTexts = pkg.licenseTexts ?? pkg.licenseFiles.map((f) => normalise(fs.readFileSync(f, 'utf8')));
  const noticeTexts = pkg.noticeTexts ?? pkg.notices.map((n) => ({ shown: n.shown, size: fs.statSync(n.file).size, text: normalise(fs.readFileSync(n.file, 'utf8')) }));
  if (!pkg.spdx) fail(`${pkg.name} ${pkg.version} declares no licence`);
  const lines = [RULE, `${pkg.name} ${pkg.version}`, `License: ${pkg.spdx}`];
  if (pkg.source) lines.push(`Source: ${pkg.source}`);
  const fromFiles = licenseTexts.flatMap(copyrightLines);
  const copyright = fromFiles.length > 0 ? [...new Set(fromFiles)] : pkg.copyright ? [pkg.copyright] : [];
  for (const c of copyright) lines.push(`Copyright: ${c.replace(/^copyright:?\s*/i, '')}`);
  lines.push('');
  if (licenseTexts.length > 0) {
    lines.push(...licenseTexts.flatMap((t, i) => (i > 0 ? ['', t] : [t])));
  } else if (pkg.spdx === 'MIT') {
    const line = pkg.copyright ? (/^copyright/i.test(pkg.copyright) ? pkg.copyright : `Copyright (c) ${pkg.copyright.replace(/^©\s*/, '')}`) : 'Copyright (c) the authors';
    lines.push(`(The package ships no licence file; the standard MIT licence text it declares, with its copyright:)`, '', MIT(line));
  } else {
    fail(`${pkg.name} ${pkg.version}: licence ${pkg.spdx} with no licence file in the package and no text for it in ${script}`);
  }
  for (const n of noticeTexts) {
    const hash = createHash('sha256').update(n.text).digest('hex');
    const label = `${pkg.name} ${pkg.version}, ${n.shown}`;
    if (seenNotices.has(hash)) {
      lines.push('', `Notices (${n.shown}): the same as ${seenNotices.get(hash)}, above.`);
    } else if (n.size > NOTICE_LIMIT) {
      lines.push('', `Notices: the package also ships ${n.shown} (${n.size.toLocaleString('en')} bytes), not reproduced here: it is in the package.`);
    } else {
      seenNotices.set(hash, label);
      lines.push('', `Notices shipped in the package (${n.shown}):`, '', n.text);
    }
  }
  return lines.join('\n');
}

const { packages: server, dotnet } = serverPackages();
const extension = extensionPackages();
const list = (pkgs) => pkgs.map((p) => `  ${p.name} ${p.version} (${p.spdx})`).join('\n');
const text = `NotesLsp: third-party notices
=============================

Generated by ${script} from the locked restore of src/NotesLsp and from client/package-lock.json;
do not edit. .ci/run fails when it is out of date: run \`node ${script}\` and commit the result.

The notes-lsp server (the NotesLsp dotnet tool, and the server in every .vsix) contains these NuGet packages:

${list(server)}

The Native AOT builds of the server (notes-lsp in the platform .vsix files) compile the same packages and the
.NET runtime into one executable:

${list([dotnet])}

The VS Code extension (dist/extension.js in every .vsix) bundles these npm packages:

${list(extension)}

Notice files that packages ship are reproduced once each when they are under ${NOTICE_LIMIT / 1024} KB; larger ones (lists of
the material a package was built with) are named, and are in the package.

${[...server, dotnet, ...extension].map(render).join('\n\n')}
`;

if (check) {
  const committed = fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
  if (committed !== text) {
    const names = (t) => new Set([...t.matchAll(/^-{100}\n(.+)$/gm)].map((m) => m[1]));
    const was = names(committed);
    const now = names(text);
    const added = [...now].filter((n) => !was.has(n));
    const removed = [...was].filter((n) => !now.has(n));
    const detail = added.length || removed.length ? ` (new: ${added.join(', ') || 'none'}; gone: ${removed.join(', ') || 'none'})` : '';
    console.error(`third-party-notices: THIRD-PARTY-NOTICES.txt is out of date${detail}: run \`node ${script}\` and commit it`);
    process.exit(1);
  }
  console.log(`third-party-notices: THIRD-PARTY-NOTICES.txt is up to date (${server.length} NuGet packages + the .NET runtime, ${extension.length} npm packages)`);
} else {
  fs.writeFileSync(output, text);
  console.log(`third-party-notices: wrote THIRD-PARTY-NOTICES.txt (${server.length} NuGet packages + the .NET runtime, ${extension.length} npm packages)`);
}
