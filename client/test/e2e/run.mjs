// End-to-end test of the NotesLsp extension in real VS Code (code-server 4.100.3 = VS Code 1.100.3),
// driven headless through Debian's Chromium with playwright-core. It checks what a person sees.
//
//   node test/e2e/run.mjs            (after `npm run package` and scripts/install-code-server.sh)
//
// Environment:
//   NOTES_E2E_HOME     cache/scratch folder (default /tmp/notes-e2e); code-server is looked up in
//                      $NOTES_E2E_HOME/code-server/node_modules/.bin/code-server
//   NOTES_CODE_SERVER  path to a code-server executable (overrides the above)
//   NOTES_VSIX         the .vsix to install (default: client/notes-lsp-linux-x64.vsix or client/notes-lsp.vsix)
//   NOTES_CHROMIUM     browser executable (default /usr/bin/chromium)
//   NOTES_E2E_TRACE    set to 1 to run the client with notesLsp.trace.server = verbose
// Screenshots, logs and the server's output go to client/test/e2e/artifacts/.
// Prints one line per check and a closing "N passed, N failed" line; exit code 1 if anything failed.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const clientDir = path.resolve(here, '../..');
const repoDir = path.resolve(clientDir, '..');
const artifacts = path.join(here, 'artifacts');
const e2eHome = process.env.NOTES_E2E_HOME || '/tmp/notes-e2e';
const codeServer = process.env.NOTES_CODE_SERVER || path.join(e2eHome, 'code-server/node_modules/.bin/code-server');
const chromiumPath = process.env.NOTES_CHROMIUM || '/usr/bin/chromium';
const vsix =
  process.env.NOTES_VSIX ||
  ['notes-lsp-linux-x64.vsix', 'notes-lsp.vsix'].map((f) => path.join(clientDir, f)).find((f) => fs.existsSync(f));

const editorSel = '.editor-instance .monaco-editor';
let baseSettings = {};
let bundled = [];
let installedDir = '';
const t0 = Date.now();
const secs = (ms) => (ms / 1000).toFixed(1) + ' s';
const log = (...a) => console.log(`[${secs(Date.now() - t0).padStart(7)}]`, ...a);

// The real notes the repository keeps: the seed dump and the corpus (tests/data/corpus).
function realNotes() {
  return { seed: path.join(repoDir, 'seeds/knowledge-editing.txt'), corpus: path.join(repoDir, 'tests/data/corpus') };
}

// A small dump with two broken entries (impossible date, date without zero padding) and a valid one.
const MALFORMED = `Malformed

#NLP #LanguageModel
Issue Date: 2025-02-30 #9001 [Paper Note] An Impossible Date, Test Author+, arXiv'25 Summaryこの日付は存在しない。 Comment2月30日は無効。
#NLP #Pocket
Issue Date: 2025-8-6 #9002 A Date Without Zero Padding, Another Author+, ACL'25 Summary月と日が一桁。
#Analysis
Issue Date: 2025-08-07 #9003 A Valid Entry For Completion, Third Author+, EMNLP'25 Summary正常なエントリ。
`;

// One valid entry and an empty line after it, where the new-entry completion is typed.
const NEW_ENTRY = `NewEntry

#NLP #LanguageModel
Issue Date: 2025-08-07 #9101 A Valid Entry Before The New One, Some Author+, EMNLP'25 Summary正常なエントリ。
`;

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn, { timeout = 30000, interval = 250, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${secs(timeout)} waiting for ${what}${last ? ` (${last.message.split('\n')[0]})` : ''}`);
    await sleep(interval);
  }
}

// ---------------------------------------------------------------------------------------------
const results = [];
let page;
let shotNo = 0;
async function shot(name) {
  if (!page) return;
  const file = path.join(artifacts, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
  try {
    await page.screenshot({ path: file });
  } catch {
    // page gone
  }
  return file;
}
async function check(name, fn) {
  const start = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, ms: Date.now() - start });
    log(`PASS ${name} (${secs(Date.now() - start)})${detail ? ' — ' + detail : ''}`);
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - start, error: e.message });
    log(`FAIL ${name} (${secs(Date.now() - start)}) — ${e.message}`);
    await shot('FAILED-' + name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40));
  }
}

function finish(code) {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log('');
  for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${secs(r.ms)})${r.ok ? '' : ': ' + r.error}`);
  console.log(`total ${secs(Date.now() - t0)}; artifacts in ${path.relative(process.cwd(), artifacts) || artifacts}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });

if (!vsix) {
  console.error('e2e: no .vsix found; run `npm run package` first (or set NOTES_VSIX)');
  results.push({ name: 'a packaged .vsix exists', ok: false, ms: 0, error: 'not found' });
  finish(1);
}
if (!fs.existsSync(codeServer)) {
  console.error(`e2e: code-server not found at ${codeServer}; run scripts/install-code-server.sh`);
  results.push({ name: 'code-server is installed', ok: false, ms: 0, error: 'not found' });
  finish(1);
}

// Fresh profile, extensions dir and workspace for every run.
fs.mkdirSync(path.join(e2eHome, 'runs'), { recursive: true });
const run = fs.mkdtempSync(path.join(e2eHome, 'runs', 'run-'));
let udd = path.join(run, 'udd');
const exts = path.join(run, 'exts');
const ws = path.join(run, 'workspace');
// Phase 2 (workspace trust on): its own profile and an untrusted folder that configures its own server.
const uddTrust = path.join(run, 'udd-trust');
const wsUntrusted = path.join(run, 'untrusted-clone');
const trustMarker = path.join(run, 'workspace-server-ran');
for (const d of [udd, exts, ws, path.join(udd, 'User'), path.join(run, 'tmp'), path.join(run, 'xdg/config'), path.join(run, 'xdg/data'), path.join(run, 'xdg/cache')]) {
  fs.mkdirSync(d, { recursive: true });
}
const env = {
  ...process.env,
  TMPDIR: path.join(run, 'tmp'),
  XDG_CONFIG_HOME: path.join(run, 'xdg/config'),
  XDG_DATA_HOME: path.join(run, 'xdg/data'),
  XDG_CACHE_HOME: path.join(run, 'xdg/cache'),
  DOTNET_CLI_TELEMETRY_OPTOUT: '1',
  DOTNET_NOLOGO: '1',
};

const notes = realNotes();
fs.copyFileSync(notes.seed, path.join(ws, 'knowledge-editing.txt'));
const corpusFiles = fs.readdirSync(notes.corpus).filter((f) => f.endsWith('.notes'));
for (const f of corpusFiles) fs.copyFileSync(path.join(notes.corpus, f), path.join(ws, f));
fs.writeFileSync(path.join(ws, 'malformed.notes'), MALFORMED);
fs.writeFileSync(path.join(ws, 'new-entry.notes'), NEW_ENTRY);
log(`workspace ${ws}: knowledge-editing.txt, malformed.notes, new-entry.notes, ${corpusFiles.join(', ')}`);

baseSettings = {
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'workbench.colorTheme': 'Default Dark Modern',
      'window.restoreWindows': 'none',
      'git.enabled': false,
      'chat.commandCenter.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'editor.minimap.enabled': false,
      'editor.fontSize': 14,
      'editor.wordWrap': 'off',
      'editor.quickSuggestions': { other: true, comments: false, strings: false },
      // Only the language server's completions, not words of the document.
      'editor.wordBasedSuggestions': 'off',
      'breadcrumbs.enabled': true,
      'notesLsp.trace.server': process.env.NOTES_E2E_TRACE === '1' ? 'verbose' : 'off',
      // VS Code in a browser saves after a delay by default: keep edits unsaved, as on the desktop (crash check).
      'files.autoSave': 'off',
};
writeUserSettings({});

// ---- install the .vsix into the fresh extensions dir
{
  const start = Date.now();
  const r = spawnSync(codeServer, ['--user-data-dir', udd, '--extensions-dir', exts, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120000 });
  fs.writeFileSync(path.join(artifacts, 'install.log'), `${r.stdout}\n${r.stderr}`);
  const installed = fs.existsSync(exts) ? fs.readdirSync(exts).filter((d) => d.startsWith('noteslsp.notes-lsp')) : [];
  const ok = r.status === 0 && installed.length === 1;
  results.push({ name: 'install the .vsix with code-server --install-extension', ok, ms: Date.now() - start, error: ok ? '' : `exit ${r.status}: ${(r.stderr || r.stdout || '').trim().slice(-400)}` });
  log(`${ok ? 'PASS' : 'FAIL'} install ${path.basename(vsix)} (${secs(Date.now() - start)}) -> ${installed.join(', ')}`);
  if (!ok) finish(1);
  installedDir = path.join(exts, installed[0]);
  const serverDir = path.join(installedDir, 'server');
  bundled = fs.existsSync(serverDir) ? fs.readdirSync(serverDir) : [];
  log(`bundled server builds in the installed extension: ${bundled.join(', ') || '(none)'}`);
}

// ---- code-server + Chromium, once per phase
let cs;
let csExited = true;
let browser;
let port;
let phase = '';

async function startSession({ folder, trust }) {
  port = await freePort();
  const csLog = fs.openSync(path.join(artifacts, `code-server${phase}.log`), 'w');
  const csStart = Date.now();
  const args = ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'];
  // code-server turns Workspace Trust off with this flag; phase 2 leaves it out (and sets security.workspace.trust.enabled).
  if (!trust) args.push('--disable-workspace-trust');
  args.push('--user-data-dir', udd, '--extensions-dir', exts, folder);
  cs = spawn(codeServer, args, { env, stdio: ['ignore', csLog, csLog], detached: true });
  csExited = false;
  cs.on('exit', () => (csExited = true));
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, { timeout: 60000, what: 'code-server /healthz' });
  log(`code-server up on port ${port} (${secs(Date.now() - csStart)})${trust ? ', Workspace Trust on' : ''}`);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=en-US'],
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1, locale: 'en-US' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
  page = await context.newPage();
  page.setDefaultTimeout(30000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
}

async function stopSession() {
  try {
    await browser?.close();
  } catch {
    // already closed
  }
  browser = undefined;
  if (cs && !csExited) {
    try {
      process.kill(-cs.pid, 'SIGTERM'); // its own process group: code-server and its children
    } catch {
      // gone
    }
    const end = Date.now() + 8000;
    while (!csExited && Date.now() < end) await sleep(100);
    if (!csExited) {
      try {
        process.kill(-cs.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  // Keep the server's output (NotesLsp output channel) and the extension host log.
  const found = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/NotesLsp|exthost\.log|remoteexthost\.log/i.test(e.name)) found.push(p);
    }
  };
  walk(path.join(udd, 'logs'));
  for (const f of found) fs.copyFileSync(f, path.join(artifacts, `${phase ? phase.slice(1) + '-' : ''}${path.basename(path.dirname(f))}-${path.basename(f)}`));
}
process.on('SIGINT', async () => {
  await stopSession();
  process.exit(130);
});

async function runPhase(name, opts, checks) {
  try {
    await startSession(opts);
    await checks();
  } catch (e) {
    results.push({ name: `harness${phase}`, ok: false, ms: 0, error: e.stack || e.message });
    log('harness error: ' + (e.stack || e.message));
    await shot(`harness-error${phase}`);
  } finally {
    await stopSession();
  }
}

await runPhase('editing', { folder: ws, trust: false }, async () => {
  await runChecks();
  await runCrashChecks();
});

// Phase 2: Workspace Trust on, a fresh profile, a cloned folder that points notesLsp.server.path at its own script.
phase = '-trust';
udd = uddTrust;
fs.mkdirSync(path.join(udd, 'User'), { recursive: true });
writeUserSettings({
  'security.workspace.trust.enabled': true,
  // No modal at startup (the folder opens in Restricted Mode), the banner stays, untrusted files open.
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'security.workspace.trust.untrustedFiles': 'open',
});
makeUntrustedClone();
await runPhase('trust', { folder: wsUntrusted, trust: true }, runTrustChecks);
finish();


function writeUserSettings(extra) {
  fs.writeFileSync(path.join(udd, 'User/settings.json'), JSON.stringify({ ...baseSettings, ...extra }, null, 2));
}

/** Changes user settings as a person would: Preferences: Open User Settings (JSON), replace, save, close. */
async function editUserSettings(extra) {
  await editSettingsFile('Preferences: Open User Settings (JSON)', path.join(udd, 'User/settings.json'), { ...baseSettings, ...extra });
}

/**
 * Machine settings (notesLsp.server.path, notesLsp.dotnet.path) of a remote window such as code-server's
 * live in the Remote settings: Preferences: Open Remote Settings (JSON).
 */
async function editRemoteSettings(values) {
  await editSettingsFile('Preferences: Open Remote Settings (JSON)', path.join(udd, 'Machine/settings.json'), values);
}

async function editSettingsFile(command, file, values) {
  await focusEditor();
  await runCommand(command);
  await page.locator('.tab.active[aria-label*="settings.json"]').waitFor({ state: 'visible' });
  await page.locator(editorSel + ' .view-lines').first().waitFor({ state: 'visible' });
  await sleep(300);
  // Paste the whole file: typing would trigger auto-closing brackets and auto-indentation.
  await page.evaluate((t) => navigator.clipboard.writeText(t), JSON.stringify(values, null, 2));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.keyboard.press('Control+S');
  await waitFor(() => fs.existsSync(file) && JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))) === JSON.stringify(values), {
    timeout: 10000,
    what: `${path.relative(udd, file)} saved`,
  });
  // The file is on disk before the editor drops its dirty mark: closing it in between asks whether to save.
  await waitFor(async () => (await page.locator('.tab.active.dirty').count()) === 0, { timeout: 5000, what: 'the settings tab to be saved' }).catch(() => {});
  await page.keyboard.press('Control+W');
  const save = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Save$/ });
  if (await save.waitFor({ state: 'visible', timeout: 1000 }).then(() => true, () => false)) await save.click();
  await page.locator('.tab.active[aria-label*="settings.json"]').waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
}

/** The NotesLsp output channel as written to the logs folder. */
function outputLog() {
  const found = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/NotesLsp\.log$/.test(e.name)) found.push(p);
    }
  };
  walk(path.join(udd, 'logs'));
  return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Problems panel rows: the file row for `file` and the marker rows under it. */
async function problemRows(file) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible' });
  }
  const rows = await page
    .locator('.markers-panel .monaco-list-row')
    .evaluateAll((els) => els.map((e) => ({ level: e.getAttribute('aria-level'), text: (e.getAttribute('aria-label') || e.textContent || '').replace(/\s+/g, ' ') })));
  const i = rows.findIndex((r) => r.level === '1' && r.text.includes(file));
  if (i < 0) return { file: null, markers: [] };
  const markers = [];
  for (let j = i + 1; j < rows.length && rows[j].level !== '1'; j++) markers.push(rows[j].text);
  return { file: rows[i].text, markers };
}

// ---------------------------------------------------------------------------------------------
// UI helpers

async function statusText(id) {
  const el = page.locator(`.statusbar-item[id="${id}"]`).first();
  return ((await el.textContent({ timeout: 2000 })) || '').trim();
}

async function cursorLine() {
  const t = await statusText('status.editor.selection');
  const m = /Ln (\d+)/.exec(t);
  return m ? Number(m[1]) : -1;
}

async function activeTab() {
  return ((await page.locator('.tab.active').first().getAttribute('aria-label', { timeout: 3000 })) || '').trim();
}

async function quickOpen(name) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(name);
      // Wait until the filtered list has the file on top, then open it.
      await waitFor(async () => ((await page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label')) || '').includes(name), {
        timeout: 10000,
        what: `"${name}" on top of Quick Open`,
      });
      await page.keyboard.press('Enter');
      await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor({ state: 'visible', timeout: 10000 });
      await page.locator(editorSel + ' .view-lines').first().waitFor({ state: 'visible', timeout: 10000 });
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

async function gotoLine(line, col) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(col ? `:${line}:${col}` : `:${line}`);
  await sleep(150);
  await page.keyboard.press('Enter');
  await waitFor(async () => (await cursorLine()) === line, { timeout: 5000, what: `cursor on line ${line}` });
}

async function focusEditor() {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+1'); // View: Focus First Editor Group
  await sleep(100);
}

async function runCommand(title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>' + title);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible' });
  await sleep(200);
  await page.keyboard.press('Enter');
}

/** The rendered text of the visible editor line that starts with `start` (inlay hints included), or null. */
async function renderedLine(start) {
  return page.$$eval(
    `${editorSel} .view-lines .view-line`,
    (els, s) => {
      const line = els.map((e) => e.textContent.replace(/\u00a0/g, ' ')).find((t) => t.startsWith(s));
      return line === undefined ? null : line;
    },
    start,
  );
}

/** Spans of rendered editor text whose text contains `text`: [{text, cls, color}] */
async function tokenSpans(text) {
  return page.$$eval(
    `${editorSel} .view-lines .view-line span span`,
    (els, t) =>
      els
        .filter((e) => {
          const x = e.textContent.replace(/\u00a0/g, ' ').trim();
          return x === t || (t.length > 8 && x.startsWith(t));
        })
        .map((e) => ({ text: e.textContent, cls: e.className, color: getComputedStyle(e).color })),
    text,
  );
}

// ---------------------------------------------------------------------------------------------
async function runChecks() {
  await check('workbench loads with the workspace folder', async () => {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60000 });
    const rows = await page.locator('.explorer-folders-view .monaco-list-row').count();
    await shot('workbench');
    return `${rows} explorer rows`;
  });

  await check('auto-detection: knowledge-editing.txt switches from Plain Text to Notes', async () => {
    await quickOpen('knowledge-editing.txt');
    const mode = await waitFor(async () => {
      const m = await statusText('status.editor.mode');
      return m === 'Notes' ? m : false;
    }, { timeout: 20000, what: 'language mode "Notes" in the status bar' });
    await shot('auto-detect-txt');
    return `status bar language mode: ${mode}`;
  });

  await check('highlighting: tags, Issue Date, date, venue, Summary get distinct token colors', async () => {
    await quickOpen('KnowledgeEditing.notes');
    await waitFor(async () => (await statusText('status.editor.mode')) === 'Notes', { timeout: 10000, what: 'Notes mode' });
    const pick = async (t) =>
      waitFor(async () => (await tokenSpans(t)).find((x) => x.color), { timeout: 10000, what: `a rendered token "${t}"` }).catch(async (e) => {
        const sample = await page.$$eval(`${editorSel} .view-lines .view-line`, (els) => els.slice(0, 4).map((e) => e.innerHTML.slice(0, 300)));
        throw new Error(`${e.message}; rendered lines: ${JSON.stringify(sample)}`);
      });
    const tag = await pick('Analysis');
    const issue = await pick('Issue Date:');
    const date = await pick('2026-04-14');
    const venue = await pick("ICLR'26");
    const summary = await pick('Summary');
    const plain = await pick('LLMsの知識更新メカニズム');
    for (const s of [tag, issue, date, venue, summary]) {
      if (!/\bmtk\d+\b/.test(s.cls)) throw new Error(`"${s.text}" has no mtk class: ${s.cls}`);
    }
    const colors = new Set([tag.color, issue.color, date.color, venue.color, summary.color]);
    if (tag.color === plain.color) throw new Error(`tag color ${tag.color} equals the plain text color`);
    if (colors.size < 3) throw new Error(`only ${colors.size} distinct colors: ${[...colors].join(' ')}`);
    await shot('highlighting');
    return `tag "${tag.text}" ${tag.cls} ${tag.color}; Issue Date ${issue.color}; date ${date.color}; venue ${venue.color}; Summary ${summary.color}; text ${plain.color}`;
  });

  await check('outline: OUTLINE view lists the entry titles of KnowledgeEditing.notes', async () => {
    await focusEditor();
    await gotoLine(3);
    // Open the Outline view through its focus command (it lives, collapsed, in the Explorer).
    await runCommand('Explorer: Focus on Outline View');
    const rows = page.locator('.outline-pane .monaco-list-row');
    await waitFor(async () => (await rows.count()) > 3, { timeout: 30000, what: 'rows in the OUTLINE view' });
    const want = ['KnowledgeSmith', '排他的逆学習'];
    const labels = await waitFor(async () => {
      const all = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
      return want.every((w) => all.some((l) => l.includes(w))) ? all : false;
    }, { timeout: 15000, what: `outline rows mentioning ${want.join(', ')}` });
    const crumbs = await page.locator('.breadcrumbs-control .monaco-breadcrumb-item').allTextContents().catch(() => []);
    await shot('outline');
    return `${labels.length} visible rows, e.g. "${labels.find((l) => l.includes('KnowledgeSmith')).slice(0, 70)}"; breadcrumbs: ${crumbs.join(' › ').slice(0, 120)}`;
  });

  await check('go to definition: F12 on ・4840 jumps to entry #4840 (same file, line 65)', async () => {
    await focusEditor();
    await gotoLine(25, 3);
    await page.keyboard.press('F12');
    await waitFor(async () => (await cursorLine()) === 65, { timeout: 15000, what: 'cursor on line 65' });
    await shot('definition-same-file');
    return `active tab ${await activeTab()}, Ln ${await cursorLine()}`;
  });

  await check('go to definition: F12 on ・1108 opens FactualKnowledge.notes at entry #1108 (line 68)', async () => {
    await quickOpen('KnowledgeEditing.notes');
    await focusEditor();
    await gotoLine(81, 3);
    await page.keyboard.press('F12');
    await waitFor(async () => (await activeTab()).includes('FactualKnowledge.notes') && (await cursorLine()) === 68, {
      timeout: 15000,
      what: 'FactualKnowledge.notes active with the cursor on line 68',
    });
    await shot('definition-other-file');
    return `active tab ${await activeTab()}, Ln ${await cursorLine()}`;
  });

  await check('inlay hint: the title of entry #4840 is shown after ・4840 (line 25); notesLsp.inlayHints.enabled=false hides it, true brings it back', async () => {
    await quickOpen('KnowledgeEditing.notes');
    await focusEditor();
    await gotoLine(25);
    const hinted = await waitFor(async () => {
      const line = await renderedLine('・4840');
      return line && line.includes('Machine Unlearning') ? line : false;
    }, { timeout: 20000, what: 'the inlay hint "…Machine Unlearning…" after ・4840' });
    await shot('inlay-hint');
    await editUserSettings({ 'notesLsp.inlayHints.enabled': false });
    await quickOpen('KnowledgeEditing.notes');
    await waitFor(async () => {
      const line = await renderedLine('・4840');
      return line !== null && !line.includes('Machine Unlearning');
    }, { timeout: 20000, what: 'the inlay hint to disappear with notesLsp.inlayHints.enabled=false' });
    await editUserSettings({});
    await quickOpen('KnowledgeEditing.notes');
    await waitFor(async () => ((await renderedLine('・4840')) || '').includes('Machine Unlearning'), { timeout: 20000, what: 'the inlay hint back' });
    return `line 25 renders "${hinted.slice(0, 80)}"; off and on again through the setting`;
  });

  await check('code lens: entry headers show "N entries refer to it · kept in M dumps"; clicking one opens the references peek', async () => {
    await quickOpen('KnowledgeEditing.notes');
    await focusEditor();
    await gotoLine(65);
    const lenses = page.locator(`${editorSel} .codelens-decoration`);
    const texts = await waitFor(async () => {
      const all = (await lenses.allTextContents()).map((t) => t.replace(/\u00a0/g, ' ').trim());
      return all.some((t) => /refers? to it · kept in \d+ dumps?/.test(t)) ? all : false;
    }, { timeout: 30000, what: 'a code lens "… refer to it · kept in … dump"' });
    // A lens of an entry with backlinks, on screen (lenses of lines scrolled away stay in the DOM, hidden).
    const target = page.locator(`${editorSel} .codelens-decoration a:visible`).filter({ hasText: /^\s*[1-9]\d* entr(y|ies) refers? to it/ }).first();
    const label = ((await target.textContent()) || '').trim();
    const count = Number(/^(\d+)/.exec(label)[1]);
    await shot('code-lens');
    await target.click();
    const peek = page.locator('.reference-zone-widget');
    await peek.waitFor({ state: 'visible', timeout: 15000 });
    const rows = await waitFor(async () => {
      const r = await page.locator('.reference-zone-widget .ref-tree .monaco-list-row').evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') || e.textContent || '').replace(/\s+/g, ' ')));
      return r.length > 0 ? r : false;
    }, { timeout: 15000, what: 'rows in the references peek' });
    const title = ((await page.locator('.reference-zone-widget .peekview-title').first().textContent()) || '').replace(/\s+/g, ' ').trim();
    await shot('code-lens-references-peek');
    await page.keyboard.press('Escape');
    await peek.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    return `${texts.length} lenses, e.g. "${texts[0]}"; clicked "${label}" (${count}): peek "${title.slice(0, 80)}", ${rows.length} rows: ${rows.slice(0, 3).map((r) => r.slice(0, 60)).join(' | ')}`;
  });

  await check('new-entry completion: "Iss" on the empty line after an entry, accepted and filled in, is an entry in the outline with no error', async () => {
    await quickOpen('new-entry.notes');
    await focusEditor();
    await page.keyboard.press('Control+End');
    const line = await cursorLine();
    await page.keyboard.type('Iss', { delay: 60 });
    const widget = page.locator('.editor-widget.suggest-widget.visible');
    if (!(await widget.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false))) await page.keyboard.press('Control+Space');
    const rowsSel = '.editor-widget.suggest-widget.visible .monaco-list-row';
    const labels = await waitFor(async () => {
      const all = await page.locator(rowsSel).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
      return all.some((l) => l.includes('Issue Date:')) ? all : false;
    }, { timeout: 15000, what: 'a suggestion row "Issue Date: (new entry)"' });
    // One more character: the item stays (its filter text is "Issue Date:", not what had been typed when it came).
    await page.keyboard.type('u', { delay: 60 });
    await sleep(400);
    const still = await page.locator(rowsSel).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
    if (!still.some((l) => l.includes('Issue Date:'))) throw new Error(`after "Issu" the item is gone: ${still.join(' | ')}`);
    await shot('new-entry-completion');
    await page.keyboard.press('Enter');
    // The snippet: title, author, venue, summary; Tab moves between them.
    await page.keyboard.type('E2E Typed Title', { delay: 20 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('Some Author', { delay: 20 });
    await page.keyboard.press('Tab');
    await page.keyboard.type("ACL'26", { delay: 20 });
    await page.keyboard.press('Tab');
    await page.keyboard.type('要約', { delay: 20 });
    await page.keyboard.press('Escape');
    const text = await editorText();
    const inserted = text.split('\n').find((l) => l.startsWith('Issue Date:') && l.includes('E2E Typed Title'));
    if (!inserted || !/^Issue Date: \d{4}-\d{2}-\d{2} #\d+ E2E Typed Title, Some Author\+, ACL'26 Summary要約 Comment/.test(inserted)) {
      throw new Error(`unexpected text: ${JSON.stringify(text.split('\n').slice(-3))}`);
    }
    await runCommand('Explorer: Focus on Outline View');
    const outline = await waitFor(async () => {
      const all = await page.locator('.outline-pane .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
      return all.some((l) => l.includes('E2E Typed Title')) ? all : false;
    }, { timeout: 20000, what: 'an OUTLINE row "E2E Typed Title"' });
    await sleep(1500);
    const rows = await problemRows('new-entry.notes');
    const errors = rows.markers.filter((m) => /error/i.test(m));
    const squiggles = await page.locator(`${editorSel} .squiggly-error`).count();
    if (errors.length || squiggles) throw new Error(`errors on the new entry: ${errors.join(' | ')} (${squiggles} error squiggles)`);
    await shot('new-entry-outline');
    // Leave the file as it was on disk for the checks that follow.
    await focusEditor();
    await runCommand('File: Revert File');
    return `line ${line}: ${labels.length} suggestion(s), "${labels.find((l) => l.includes('Issue Date:')).slice(0, 60)}"; inserted "${inserted.slice(0, 90)}"; outline ${outline.length} rows; problems: ${rows.markers.map((m) => m.slice(0, 50)).join(' | ') || 'none'}`;
  });

  await check('diagnostics: Problems panel lists the malformed entries of malformed.notes', async () => {
    await quickOpen('malformed.notes');
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    const rowsOf = async () =>
      page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') || e.textContent || '').replace(/\s+/g, ' ')));
    // The panel groups by file; markers of malformed.notes on lines 4 and 6.
    const rows = await waitFor(async () => {
      const all = await rowsOf();
      const mine = all.filter((r) => /line 4\b|Ln 4\b|\(4, ?\d+\)|\[Ln 4, Col/.test(r) || /line 6\b|Ln 6\b|\(6, ?\d+\)|\[Ln 6, Col/.test(r));
      return all.some((r) => r.includes('malformed.notes')) && mine.length >= 2 ? all : false;
    }, { timeout: 30000, what: 'Problems rows for lines 4 and 6 of malformed.notes' });
    const squiggles = await page.locator(`${editorSel} .squiggly-error, ${editorSel} .squiggly-warning, ${editorSel} .squiggly-info`).count();
    await shot('problems');
    const fileRow = rows.findIndex((r) => r.includes('malformed.notes'));
    return `${rows.length} rows; squiggles in editor: ${squiggles}; e.g. ${rows.slice(fileRow, fileRow + 3).map((r) => `"${r.slice(0, 110)}"`).join(' | ')}`;
  });

  await check('settings: notesLsp.rules {"NL002": "off"} reaches the server (workspace/didChangeConfiguration)', async () => {
    const before = await problemRows('malformed.notes');
    await editUserSettings({ 'notesLsp.rules': { NL002: 'off' } });
    const after = await waitFor(async () => {
      const rows = await problemRows('malformed.notes');
      return rows.markers.length === 1 && !rows.markers.some((r) => r.includes('NL002')) ? rows : false;
    }, { timeout: 20000, what: 'the NL002 problem to disappear' });
    await shot('rules-off');
    return `markers ${before.markers.length} -> ${after.markers.length}: ${after.markers.map((r) => r.slice(0, 60)).join(' | ')}`;
  });

  await check('command "NotesLsp: Restart server" restarts it; the new server gets the rules in initializationOptions', async () => {
    const logBefore = outputLog();
    await focusEditor();
    await runCommand('NotesLsp: Restart server');
    await waitFor(() => {
      const added = outputLog().slice(logBefore.length);
      return added.includes('restarting the server on request') && /starting the server/.test(added.split('restarting the server on request')[1] || '');
    }, { timeout: 20000, what: 'the output channel to log a restart' });
    // The new server must still see NL002 off (from initializationOptions / configuration) once it has published.
    await waitFor(async () => (await problemRows('malformed.notes')).markers.length > 0, { timeout: 20000, what: 'problems from the new server' });
    await sleep(3000);
    const rows = await problemRows('malformed.notes');
    if (rows.markers.length !== 1) throw new Error(`${rows.markers.length} problems after the restart: ${rows.markers.join(' | ')}`);
    await shot('after-restart');
    return `after the restart: ${rows.markers.length} problem (NL002 still off)`;
  });

  await check('settings: removing the rule override after the restart brings the NL002 problem back', async () => {
    await editUserSettings({ 'notesLsp.rules': {} });
    const back = await waitFor(async () => {
      const r = await problemRows('malformed.notes');
      return r.markers.length === 2 ? r : false;
    }, { timeout: 20000, what: 'two problems again once the rule is back on' });
    await shot('rules-reset');
    return `rules reset -> ${back.markers.length} problems`;
  });

  await check('completion: typing # at the end of a tag list suggests tags (LanguageModel)', async () => {
    await quickOpen('malformed.notes');
    await focusEditor();
    await gotoLine(7);
    await page.keyboard.press('End');
    await page.keyboard.type(' #');
    const widget = page.locator('.editor-widget.suggest-widget.visible');
    // `#` should trigger completion by itself; ask explicitly if it did not.
    const auto = await widget.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false);
    if (!auto) await page.keyboard.press('Control+Space');
    await page.keyboard.type('Lang', { delay: 60 });
    const rowsSel = '.editor-widget.suggest-widget.visible .monaco-list-row';
    const labels = await waitFor(async () => {
      const all = await page.locator(rowsSel).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
      return all.some((l) => l.includes('LanguageModel')) ? all : false;
    }, { timeout: 15000, what: 'a suggestion row "LanguageModel"' });
    await shot('completion');
    await page.keyboard.press('Escape');
    return `${auto ? 'opened by typing #' : 'opened with Ctrl+Space'}; rows: ${labels.slice(0, 5).map((l) => l.split(',')[0]).join(' | ')}`;
  });

  await check('untitled: a dump pasted into a new Untitled file switches to Notes and the server checks it', async () => {
    await focusEditor();
    await page.keyboard.press('Control+N');
    await page.locator('.tab.active[aria-label*="Untitled"]').waitFor({ state: 'visible' });
    const mode0 = await statusText('status.editor.mode');
    await page.evaluate((t) => navigator.clipboard.writeText(t), MALFORMED);
    await page.keyboard.press('Control+V');
    await waitFor(async () => (await statusText('status.editor.mode')) === 'Notes', { timeout: 15000, what: 'language mode "Notes"' });
    const title = (/Untitled-\d+/.exec(await activeTab()) || ['Untitled-1'])[0];
    // At least the impossible date (NL003); NL002 depends on the rules state left by the checks before.
    const rows = await waitFor(async () => {
      const r = await problemRows(title);
      return r.markers.some((m) => m.includes('2025-02-30')) ? r : false;
    }, { timeout: 20000, what: `problems for ${title}` });
    await shot('untitled');
    // Close it without saving.
    await focusEditor();
    await page.keyboard.press('Control+W');
    const dontSave = page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
    if (await dontSave.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) await dontSave.click();
    await page.locator('.tab[aria-label*="Untitled-"]').waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
    return `${title}: ${mode0} -> Notes; ${rows.markers.length} problems`;
  });

  // With only the framework-dependent server bundled, break the runtime; with a native build, the server path.
  const native = bundled.some((d) => d !== 'any');
  const broken = native
    ? { setting: 'notesLsp.server.path', value: '/nonexistent/notes-lsp', text: 'which is not an executable', title: 'Server: Path' }
    : { setting: 'notesLsp.dotnet.path', value: '/nonexistent/dotnet', text: '.NET runtime was not found', title: 'Dotnet: Path' };
  await check(`missing ${native ? 'server' : 'runtime'}: a bad ${broken.setting} shows an error whose "Open Settings" button opens that setting`, async () => {
    await editRemoteSettings({ [broken.setting]: broken.value });
    const toast = page.locator('.notification-toast').filter({ hasText: 'NotesLsp' }).filter({ hasText: broken.text });
    await toast.first().waitFor({ state: 'visible', timeout: 20000 });
    log('  error notification shown');
    const message = ((await toast.first().locator('.notification-list-item-message').textContent()) || '').trim();
    await shot('missing-runtime-error');
    await toast.first().locator('.monaco-button', { hasText: 'Open Settings' }).click();
    // The Settings editor opens, searching for the setting to fix.
    const search = await waitFor(async () => {
      const tab = await activeTab();
      if (!/Settings/.test(tab)) return false;
      // (a remote window opens its Remote tab, where machine settings live)
      const text = await page.locator('.settings-editor .suggest-input-container .view-lines').first().textContent({ timeout: 2000 });
      return text && text.includes(broken.setting) ? text.replace(/\u00a0/g, ' ').trim() : false;
    }, { timeout: 15000, what: `the Settings editor searching for ${broken.setting}` });
    // ...and shows that setting, with the bad value, ready to be fixed.
    const item = page.locator('.settings-editor .setting-item-contents').filter({ hasText: broken.title }).first();
    await item.waitFor({ state: 'visible', timeout: 10000 });
    const value = await item.locator('input').first().inputValue().catch(() => '?');
    const tabName = ((await page.locator('.settings-editor .settings-tabs-widget .action-label.checked').first().textContent({ timeout: 2000 }).catch(() => '')) || '').trim();
    const rows = await page.locator('.settings-editor .setting-item-contents').count();
    await shot('open-settings');
    await page.keyboard.press('Control+W');
    log('  settings editor checked');
    // Put the runtime back: the client restarts the server by itself and diagnostics come back.
    await editRemoteSettings({});
    log('  setting fixed');
    await quickOpen('malformed.notes');
    await waitFor(async () => (await problemRows('malformed.notes')).markers.length > 0, { timeout: 30000, what: 'problems again after fixing the setting' });
    return `"${message.slice(0, 110)}…"; Settings (${tabName}) searching "${search}": ${rows} setting shown, value "${value}"; server back after the fix`;
  });

  // A view for the README: highlighting + outline + Japanese text.
  await check('screenshot for the README (highlighting, outline, Japanese text)', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
    await quickOpen('KnowledgeEditing.notes');
    await page.keyboard.press('Control+J'); // hide the panel
    // Give the OUTLINE view the sidebar: collapse the folder section, collapse the tree, open the category.
    await page.locator('.pane-header[aria-label*="Explorer Section"]').first().click().catch(() => {});
    await page.locator('.pane-header:has-text("Outline") .action-label[aria-label*="Collapse All"]').first().click({ timeout: 3000 }).catch(() => {});
    const root = page.locator('.outline-pane .monaco-list-row').first();
    await root.click({ timeout: 3000 }).catch(() => {});
    if ((await root.getAttribute('aria-expanded').catch(() => null)) !== 'true') await page.keyboard.press('ArrowRight');
    await focusEditor();
    await gotoLine(22);
    await sleep(1000);
    const file = path.join(artifacts, 'readme-screenshot.png');
    await page.screenshot({ path: file });
    return path.relative(clientDir, file);
  });
}


// ---------------------------------------------------------------------------------------------
// The server process, the editor's text, notifications

/** Pids of the servers the extension started, from its "[client] server started: pid N" lines. */
function serverPids() {
  return [...outputLog().matchAll(/\[client\] server started: pid (\d+)/g)].map((m) => Number(m[1]));
}

function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** True when `pid` runs the bundled server and descends from this run's code-server: never kill anything else. */
function isOurServer(pid) {
  let cmd;
  try {
    cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return false;
  }
  if (!/notes-lsp|NotesLsp\.dll/.test(cmd)) return false;
  for (let p = pid, i = 0; p > 1 && i < 30; i++) {
    const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === cs.pid) return true;
    p = ppid;
  }
  return false;
}

/** Waits for a server started after `known` pids, alive and initialized ("[client] server pid N is ready"). */
async function nextServerPid(known, what = 'a new server process') {
  return waitFor(
    () => {
      const pid = serverPids().find((p) => !known.includes(p) && alive(p));
      return pid && outputLog().includes(`server pid ${pid} is ready`) ? pid : false;
    },
    { timeout: 45000, what },
  );
}

/** SIGKILLs the running server (checked to be this run's) and waits until it is gone. */
async function killServer() {
  const pid = serverPids().filter(alive).pop();
  if (!pid) throw new Error('no running server pid in the NotesLsp output');
  if (!isOurServer(pid)) throw new Error(`pid ${pid} is not a notes-lsp server under this code-server`);
  process.kill(pid, 'SIGKILL');
  await waitFor(() => !alive(pid), { timeout: 10000, what: `pid ${pid} to end` });
  return pid;
}

/** The text of the active editor as rendered (the files used here fit on the screen). */
async function editorText() {
  return page.$$eval(`${editorSel} .view-lines .view-line`, (els) =>
    els
      .map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text)
      .join('\n'),
  );
}

async function clearNotifications() {
  await runCommand('Notifications: Clear All Notifications').catch(() => {});
  await sleep(300);
}

// ---------------------------------------------------------------------------------------------
// Crashes (phase 1, after the other checks)

async function runCrashChecks() {
  const added = "\n#Crash\nIssue Date: 2025-02-31 #9005 Typed Before The Crash, Some Author+, ACL'25 Summary保存していない。";
  await check('crash: a killed server is restarted, gets the unsaved text again, its diagnostics come back; the editor text is unchanged', async () => {
    await clearNotifications();
    await quickOpen('malformed.notes');
    await focusEditor();
    await page.keyboard.press('Control+End');
    await page.evaluate((t) => navigator.clipboard.writeText(t), added);
    await page.keyboard.press('Control+V');
    // The running server checks the unsaved entry...
    await waitFor(async () => (await problemRows('malformed.notes')).markers.some((m) => m.includes('2025-02-31')), {
      timeout: 20000,
      what: 'a problem for the typed 2025-02-31 entry',
    });
    const before = await editorText();
    const markersBefore = (await problemRows('malformed.notes')).markers.length;
    const known = serverPids();
    const logBefore = outputLog().length;
    const killed = await killServer();
    log(`  killed server pid ${killed} (SIGKILL)`);
    // ...the extension sees it die and starts another one, which is sent the open documents as they are now.
    const pid = await nextServerPid(known, 'a restarted server');
    await waitFor(() => outputLog().slice(logBefore).includes('the server is running again'), { timeout: 20000, what: '"running again" in the output' });
    const rows = await waitFor(async () => {
      const r = await problemRows('malformed.notes');
      return r.markers.length === markersBefore && r.markers.some((m) => m.includes('2025-02-31')) ? r : false;
    }, { timeout: 20000, what: `${markersBefore} problems again, the unsaved entry's among them` });
    const after = await editorText();
    if (after !== before) throw new Error(`the editor text changed:\n--- before\n${before}\n--- after\n${after}`);
    const dirty = await page.locator('.tab.active.dirty').count();
    if (!dirty) throw new Error('malformed.notes is no longer dirty (the unsaved text was reverted?)');
    const note = outputLog().slice(logBefore).split('\n').find((l) => l.includes('stopped unexpectedly')) || '';
    await shot('crash-restarted');
    return `pid ${killed} killed -> pid ${pid}; ${rows.markers.length} problems incl. the unsaved entry; text unchanged (${after.split('\n').length} lines, dirty); "${note.trim().slice(0, 140)}"`;
  });

  await check('crash loop: killed 5 times within 3 minutes the server stays stopped; the message\'s "Show Log" opens the NotesLsp output', async () => {
    await clearNotifications();
    // A restart on request forgets earlier crashes.
    const known = serverPids();
    await focusEditor();
    await runCommand('NotesLsp: Restart server');
    await nextServerPid(known, 'the server restarted on request');
    const killed = [];
    for (let i = 1; i <= 5; i++) {
      const seen = serverPids();
      killed.push(await killServer());
      if (i < 5) await nextServerPid(seen, `the server restarted after crash ${i}`);
    }
    log(`  killed ${killed.join(', ')}`);
    const toast = page.locator('.notification-toast').filter({ hasText: 'crashed 5 times' });
    await toast.first().waitFor({ state: 'visible', timeout: 15000 });
    const message = ((await toast.first().locator('.notification-list-item-message').textContent()) || '').trim();
    // No sixth server.
    const after = serverPids();
    await sleep(4000);
    const extra = serverPids().filter((p) => !after.includes(p));
    if (extra.length) throw new Error(`a server was started after the 5th crash: ${extra.join(', ')}`);
    if (serverPids().some(alive)) throw new Error('a server is still running');
    await shot('crash-loop-stopped');
    await toast.first().locator('.monaco-button', { hasText: 'Show Log' }).click();
    // The Output panel shows the NotesLsp channel, ending with why the server was stopped.
    const outputText = await waitFor(async () => {
      const text = ((await page.locator('.part.panel .output-view .view-lines').first().textContent({ timeout: 2000 })) || '').replace(/\u00a0/g, ' ');
      return text.includes('crashed 5 times') ? text : false;
    }, { timeout: 15000, what: 'the NotesLsp output in the Output panel' });
    const channel = await page.locator('.part.panel select.monaco-select-box').first().inputValue().catch(() => '');
    await shot('crash-loop-show-log');
    // Start it again for the checks that follow: problems come back.
    await clearNotifications();
    await quickOpen('malformed.notes');
    await runCommand('NotesLsp: Restart server');
    await waitFor(async () => (await problemRows('malformed.notes')).markers.length > 0, { timeout: 30000, what: 'problems after restarting the stopped server' });
    return `"${message.slice(0, 150)}"; Output panel (${channel || 'channel ?'}) shows "${(/\[client\] the notes-lsp server crashed 5 times[^\n]{0,40}/.exec(outputText) || [''])[0]}…"; restarted by command`;
  });
}

// ---------------------------------------------------------------------------------------------
// Workspace trust (phase 2)

/** A folder as if cloned from somewhere: its .vscode/settings.json runs its own script as the server. */
function makeUntrustedClone() {
  fs.mkdirSync(path.join(wsUntrusted, '.vscode'), { recursive: true });
  fs.mkdirSync(path.join(wsUntrusted, 'tools'), { recursive: true });
  fs.writeFileSync(path.join(wsUntrusted, 'malformed.notes'), MALFORMED);
  const native = bundled.find((d) => d !== 'any');
  const real = native
    ? `"${path.join(installedDir, 'server', native, 'notes-lsp')}"`
    : `dotnet "${path.join(installedDir, 'server/any/NotesLsp.dll')}"`;
  const script = path.join(wsUntrusted, 'tools/notes-lsp-from-the-repo.sh');
  // It leaves a mark, then runs the real server (so a trusted folder gets a working one).
  fs.writeFileSync(script, `#!/bin/sh\necho "$$ $*" >> "${trustMarker}"\nexec ${real} "$@"\n`);
  fs.chmodSync(script, 0o755);
  fs.writeFileSync(path.join(wsUntrusted, '.vscode/settings.json'), JSON.stringify({ 'notesLsp.server.path': 'tools/notes-lsp-from-the-repo.sh' }, null, 2));
  fs.rmSync(trustMarker, { force: true });
  log(`untrusted folder ${wsUntrusted}: .vscode/settings.json -> tools/notes-lsp-from-the-repo.sh (marker ${trustMarker})`);
}

async function runTrustChecks() {
  await check('Restricted Mode: in an untrusted folder the bundled server runs (diagnostics arrive), the folder\'s notesLsp.server.path never runs, and the user is told why', async () => {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60000 });
    // VS Code says it is in Restricted Mode (status bar entry / banner).
    const restricted = await waitFor(async () => {
      const t = (await page.locator('.monaco-workbench').first().textContent()) || '';
      return t.includes('Restricted Mode') ? 'yes' : false;
    }, { timeout: 20000, what: '"Restricted Mode" in the workbench' });
    await quickOpen('malformed.notes');
    const rows = await waitFor(async () => {
      const r = await problemRows('malformed.notes');
      return r.markers.length >= 2 ? r : false;
    }, { timeout: 30000, what: 'problems for malformed.notes from the bundled server' });
    const toast = page.locator('.notification-toast').filter({ hasText: 'Restricted Mode' }).filter({ hasText: 'notesLsp.server.path' });
    await toast.first().waitFor({ state: 'visible', timeout: 15000 });
    const message = ((await toast.first().locator('.notification-list-item-message').textContent()) || '').trim();
    // Japanese prose is not boxed as "non-basic ASCII" (VS Code does that in Restricted Mode unless the language opts out).
    const boxed = await page.locator(`${editorSel} .unicode-highlight`).count();
    if (boxed) throw new Error(`${boxed} characters are highlighted as unusual Unicode`);
    const started = (/\[client\] starting the server \((\w+)\)/.exec(outputLog()) || [])[1];
    if (started === 'setting') throw new Error('the configured server was started');
    await sleep(1500);
    if (fs.existsSync(trustMarker)) throw new Error(`the folder's script ran: ${fs.readFileSync(trustMarker, 'utf8')}`);
    await shot('restricted-mode');
    return `Restricted Mode ${restricted}; server kind "${started}"; ${rows.markers.length} problems; no marker; "${message.slice(0, 160)}…"`;
  });

  await check('trust: trusting the folder (notification → Manage Workspace Trust → Trust) restarts the server with the folder\'s notesLsp.server.path', async () => {
    const known = serverPids();
    const toast = page.locator('.notification-toast').filter({ hasText: 'Restricted Mode' });
    if (await toast.first().isVisible().catch(() => false)) {
      await toast.first().locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).click();
    } else {
      await runCommand('Workspaces: Manage Workspace Trust');
    }
    const editor = page.locator('.workspace-trust-editor');
    await editor.waitFor({ state: 'visible', timeout: 15000 });
    const trustButton = editor.locator('.monaco-button', { hasText: /^Trust$/ }).first();
    await trustButton.waitFor({ state: 'visible', timeout: 15000 });
    await shot('trust-editor');
    await trustButton.click();
    // The script ran: the marker appears, and the output names the configured server.
    const mark = await waitFor(() => fs.existsSync(trustMarker) && fs.readFileSync(trustMarker, 'utf8').trim(), { timeout: 30000, what: 'the marker of the folder\'s script' });
    const pid = await nextServerPid(known, 'the server started from the folder\'s setting');
    const line = outputLog().split('\n').find((l) => /starting the server \(setting\).*notes-lsp-from-the-repo\.sh/.test(l));
    if (!line) throw new Error('no "starting the server (setting)" line for the script in the output');
    await quickOpen('malformed.notes');
    const rows = await waitFor(async () => {
      const r = await problemRows('malformed.notes');
      return r.markers.length >= 2 ? r : false;
    }, { timeout: 30000, what: 'problems from the configured server' });
    await shot('trusted');
    return `marker "${mark.slice(0, 80)}"; server pid ${pid}: ${line.replace(/^.*\[client\] /, '').slice(0, 120)}; ${rows.markers.length} problems`;
  });
}
