#!/usr/bin/env node
// Side-by-side: drives vscode-markdown-languageserver and notes-lsp over stdio with the same client and the
// same edit/request script, and prints one JSON object with the timings.
//
//   node compare.js --script script.json [--out result.json]
//
// script.json is written by the benchmark harness (tests/NotesLsp.Benchmarks, `markdown` step):
//   { edits, timeoutMs,
//     notes:    { path, command, args, editPositions: [{line, character}] },
//     markdown: { path, editPositions: [{line, character}] } }
// The Markdown text holds `#@ref-NNNN` placeholders for the links to entry headings; they are resolved here with
// the server's own slugifier (vscode-markdown-languageservice), so every link points at the anchor the server
// computes for its heading (numbers no entry has become `#missing-NNNN`: broken links, like NL011).
//
// The Markdown server asks its client to parse Markdown (`markdown/parse`) and to read the workspace
// (`markdown/fs/*`, `markdown/findMarkdownFilesInWorkspace`). They are answered as VS Code's markdown-language-features
// client does: markdown-it (html, linkify) tokens of the document's current text (cached per version), file contents as byte arrays,
// `{ isDirectory }` stats, `[name, { isDirectory }]` directory entries, and the workspace's Markdown file URIs.
// The time spent answering counts as the peer's: the server waits for it, and so does a VS Code user.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
const MarkdownIt = require('markdown-it');
const { githubSlugifier } = require('vscode-markdown-languageservice');

function parseArgs(argv) {
  const args = {};
  for (let i = 2; i < argv.length; i++) {
    if (argv[i].startsWith('--')) {
      args[argv[i].slice(2)] = argv[i + 1];
      i++;
    }
  }
  return args;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(Math.max(rank, 0), sorted.length - 1)];
}

function summary(values) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.max(...values) : null, values };
}

function rssOf(pid, key = 'VmRSS:') {
  try {
    const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(key));
    return line ? Number(line.slice(key.length).trim().split(/\s+/)[0]) * 1024 : null;
  } catch {
    return null;
  }
}

/** A document the client keeps in sync with its edits (to answer markdown/parse with the current text). */
class Doc {
  constructor(uri, text) {
    this.uri = uri;
    this.text = text;
    this.version = 1;
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  insert(line, character, s) {
    const offset = this.lineStarts[line] + character;
    this.text = this.text.slice(0, offset) + s + this.text.slice(offset);
    for (let l = line + 1; l < this.lineStarts.length; l++) this.lineStarts[l] += s.length;
    this.version++;
  }
}

/** LSP over a child's stdio with Content-Length framing. */
class Connection {
  constructor(child, handlers) {
    this.child = child;
    this.handlers = handlers;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.chunks = [];
    this.buffered = 0;
    this.buffer = Buffer.alloc(0);
    this.clientBusyMs = 0;
    this.serverRequests = {};
    child.stdout.on('data', (chunk) => this.onData(chunk));
    child.stderr.on('data', () => {});
  }

  onData(chunk) {
    // Chunks are only joined once a whole message is there (joining on every chunk is quadratic for large replies).
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.needed !== undefined && this.buffered < this.needed) return;
    this.buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    this.buffered = 0;
    this.needed = undefined;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) {
        this.needed = headerEnd + 4 + length;
        break;
      }
      const at = now();
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body), at, length);
    }
    if (this.buffer.length > 0) {
      this.chunks = [this.buffer];
      this.buffered = this.buffer.length;
    }
    this.buffer = Buffer.alloc(0);
  }

  dispatch(message, at, bytes) {
    if (message.id !== undefined && message.method === undefined) {
      const p = this.pending.get(message.id);
      if (p) {
        this.pending.delete(message.id);
        p({ at, bytes, message });
      }
      return;
    }
    if (message.id !== undefined) {
      const started = now();
      const handler = this.handlers[message.method];
      this.serverRequests[message.method] = (this.serverRequests[message.method] || 0) + 1;
      Promise.resolve(handler ? handler(message.params) : null).then(
        (result) => {
          this.send({ jsonrpc: '2.0', id: message.id, result: result === undefined ? null : result });
          this.clientBusyMs += now() - started;
        },
        (error) => this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: String(error) } }),
      );
      return;
    }
    for (const l of [...this.listeners]) l(message, at, bytes);
  }

  send(...messages) {
    const parts = [];
    for (const m of messages) {
      const body = Buffer.from(JSON.stringify(m), 'utf8');
      parts.push(Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body);
    }
    const t = now();
    this.child.stdin.write(Buffer.concat(parts));
    return t;
  }

  request(method, params) {
    const id = this.nextId++;
    const message = { jsonrpc: '2.0', id, method, params };
    const response = new Promise((resolve) => this.pending.set(id, resolve));
    return { message, response };
  }

  notification(method, params) {
    return { jsonrpc: '2.0', method, params };
  }

  waitFor(match, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error('timeout'));
      }, timeoutMs);
      const listener = (message, at, bytes) => {
        if (match(message)) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((l) => l !== listener);
          resolve({ at, bytes, message });
        }
      };
      this.listeners.push(listener);
    });
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Replaces `#@ref-NNNN` by the slug the server computes for the heading `NNNN …` (or `#missing-NNNN`). */
function resolveAnchors(markdown, md) {
  const tokens = md.parse(markdown, {});
  const builder = githubSlugifier.createBuilder();
  const slugs = new Map();
  const plain = (t) => (t.children ? t.children.map(plain).join('') : ['text', 'emoji', 'code_inline'].includes(t.type) ? t.content : '');
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'heading_open') continue;
    const body = [];
    for (let j = i + 1; j < tokens.length && tokens[j].type !== 'heading_close'; j++) body.push(tokens[j]);
    const text = body.map(plain).join('').trim();
    const slug = builder.add(text);
    const m = /^(\d+) /.exec(text);
    if (m && tokens[i].tag === 'h2' && !slugs.has(m[1])) slugs.set(m[1], slug.value);
  }
  let resolved = 0;
  let missing = 0;
  const text = markdown.replace(/#@ref-(\d+)/g, (_, n) => {
    if (slugs.has(n)) {
      resolved++;
      return '#' + slugs.get(n);
    }
    missing++;
    return '#missing-' + n;
  });
  return { text, resolved, missing };
}

const markdownSettings = {
  markdown: {
    server: { log: 'off' },
    preferredMdPathExtensionStyle: 'auto',
    suggest: { paths: { enabled: true, includeWorkspaceHeaderCompletions: 'onDoubleHash' } },
    occurrencesHighlight: { enabled: false },
    validate: {
      enabled: true,
      referenceLinks: { enabled: 'warning' },
      fragmentLinks: { enabled: 'warning' },
      fileLinks: { enabled: 'warning', markdownFragmentLinks: 'inherit' },
      ignoredLinks: [],
      unusedLinkDefinitions: { enabled: 'hint' },
      duplicateLinkDefinitions: { enabled: 'warning' },
    },
  },
};

async function run(kind, spec, script, log) {
  const timeoutMs = script.timeoutMs || 600000;
  const filePath = spec.path;
  const root = path.dirname(filePath);
  const uri = pathToFileURL(filePath).href;
  const md = MarkdownIt({ html: true, linkify: true, typographer: false, breaks: false });
  let text = fs.readFileSync(filePath, 'utf8');
  let anchors = null;
  if (kind === 'markdown') {
    anchors = resolveAnchors(text, md);
    text = anchors.text;
  }
  const doc = new Doc(uri, text);
  let tokenCache = null;

  const handlers = {
    'workspace/configuration': (p) => (p.items || []).map((item) => (item.section === 'markdown' ? markdownSettings.markdown : null)),
    'client/registerCapability': () => null,
    'window/workDoneProgress/create': () => null,
    'workspace/diagnostic/refresh': () => null,
    // Like VS Code's Markdown engine, the tokens of the last (document, version) are cached, so the server's
    // repeated parse requests for an unchanged version cost nothing.
    'markdown/parse': (p) => {
      if (p.text !== undefined && p.text !== null) return md.parse(p.text, {});
      if (p.uri === doc.uri) {
        if (!tokenCache || tokenCache.version !== doc.version) tokenCache = { version: doc.version, tokens: md.parse(doc.text, {}) };
        return tokenCache.tokens;
      }
      const source = readText(p.uri);
      return source === null ? [] : md.parse(source, {});
    },
    'markdown/fs/readFile': (p) => Array.from(p.uri === doc.uri ? Buffer.from(doc.text, 'utf8') : fs.readFileSync(fileURLToPath(p.uri))),
    'markdown/fs/stat': (p) => {
      try {
        return { isDirectory: fs.statSync(fileURLToPath(p.uri)).isDirectory() };
      } catch {
        return undefined;
      }
    },
    'markdown/fs/readDirectory': (p) =>
      fs.readdirSync(fileURLToPath(p.uri), { withFileTypes: true }).map((e) => [e.name, { isDirectory: e.isDirectory() }]),
    'markdown/findMarkdownFilesInWorkspace': () =>
      fs.readdirSync(root).filter((n) => n.endsWith('.md')).map((n) => pathToFileURL(path.join(root, n)).href),
    'markdown/fs/watcher/create': () => null,
    'markdown/fs/watcher/delete': () => null,
  };
  function readText(u) {
    try {
      return fs.readFileSync(fileURLToPath(u), 'utf8');
    } catch {
      return null;
    }
  }

  const command = kind === 'markdown' ? process.execPath : spec.command;
  const args = kind === 'markdown' ? [require.resolve('vscode-markdown-languageserver/dist/node/workerMain.js'), '--stdio'] : spec.args;
  const spawned = now();
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  const conn = new Connection(child, handlers);
  const result = { server: kind, bytes: Buffer.byteLength(text, 'utf8') };
  if (anchors) result.links = { resolved: anchors.resolved, missing: anchors.missing };

  const init = conn.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false }, diagnostics: { refreshSupport: false } },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        publishDiagnostics: { versionSupport: true },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
      },
      window: { workDoneProgress: false },
    },
    initializationOptions: kind === 'markdown' ? { markdownFileExtensions: ['md'] } : undefined,
  });
  conn.send(init.message);
  const initReply = await withTimeout(init.response, timeoutMs, 'initialize');
  result.initializeMs = initReply.at - spawned;
  // Both servers get the same client, which can pull diagnostics: each is measured the way it serves it (a server that
  // advertises diagnosticProvider is pulled; one that does not publishes).
  const pushDiagnostics = !initReply.message.result?.capabilities?.diagnosticProvider;
  result.diagnosticsMode = pushDiagnostics ? 'push' : 'pull';
  conn.send(conn.notification('initialized', {}));
  if (kind === 'markdown') conn.send(conn.notification('workspace/didChangeConfiguration', { settings: markdownSettings }));

  // Open: didOpen + documentSymbol in one write → the outline; then diagnostics (pulled, or the first push).
  const symbolParams = { textDocument: { uri } };
  const firstPush = pushDiagnostics ? conn.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 1, timeoutMs) : null;
  const openSymbols = conn.request('textDocument/documentSymbol', symbolParams);
  const opened = conn.send(conn.notification('textDocument/didOpen', { textDocument: { uri, languageId: kind === 'markdown' ? 'markdown' : 'notes', version: 1, text: doc.text } }), openSymbols.message);
  const outline = await withTimeout(openSymbols.response, timeoutMs, 'open outline');
  result.openOutlineMs = outline.at - opened;
  result.outlineSymbols = countSymbols(outline.message.result);
  if (pushDiagnostics) {
    const pushed = await withTimeout(firstPush, timeoutMs, 'open diagnostics');
    result.openDiagnosticsMs = pushed.at - opened;
    result.diagnostics = pushed.message.params.diagnostics.length;
    result.diagnosticCodes = countCodes(pushed.message.params.diagnostics);
  } else {
    const pull = conn.request('textDocument/diagnostic', { textDocument: { uri } });
    const sent = conn.send(pull.message);
    const reply = await withTimeout(pull.response, timeoutMs, 'open diagnostics');
    result.openDiagnosticsMs = reply.at - opened;
    result.openDiagnosticsPullMs = reply.at - sent;
    result.diagnostics = (reply.message.result.items || []).length;
    result.diagnosticCodes = countCodes(reply.message.result.items || []);
  }
  log(`${kind}: open → outline ${result.openOutlineMs.toFixed(0)} ms, → diagnostics ${result.openDiagnosticsMs.toFixed(0)} ms (${result.diagnostics} diagnostics)`);
  result.rssAfterOpen = rssOf(child.pid);

  // Per edit: one character → fresh outline; then the same kind of edit → diagnostics.
  const symbolTimes = [];
  const diagnosticTimes = [];
  const positions = spec.editPositions;
  const warmup = script.warmupEdits || 0;
  result.warmupEdits = warmup;
  for (let i = 0; i < warmup + script.edits && i < positions.length; i++) {
    const p = positions[i];
    doc.insert(p.line, p.character, 'x');
    const change = conn.notification('textDocument/didChange', {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ range: { start: p, end: p }, text: 'x' }],
    });
    const symbols = conn.request('textDocument/documentSymbol', symbolParams);
    const sent = conn.send(change, symbols.message);
    const reply = await withTimeout(symbols.response, timeoutMs, 'outline after edit');
    const outlineMs = reply.at - sent;
    result.outlineBytes = reply.bytes;

    doc.insert(p.line, p.character, 'x');
    const change2 = conn.notification('textDocument/didChange', {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ range: { start: p, end: p }, text: 'x' }],
    });
    let diagnosticsMs;
    if (pushDiagnostics) {
      // The server publishes only when what the client shows changes; when nothing moved, the answer to the next
      // request (a hover sent with the edit) is the first thing that reflects the edit. A publish, when there is one,
      // follows that answer within the compute time.
      const v = doc.version;
      const hover = conn.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      const sent2 = conn.send(change2, hover.message);
      const wait = conn.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === v, 200).catch(() => null);
      const answered = await withTimeout(hover.response, timeoutMs, 'answer after edit');
      const pushed = await wait;
      diagnosticsMs = (pushed ? pushed.at : answered.at) - sent2;
    } else {
      const pull = conn.request('textDocument/diagnostic', { textDocument: { uri } });
      const sent2 = conn.send(change2, pull.message);
      const reply2 = await withTimeout(pull.response, timeoutMs, 'diagnostics after edit');
      diagnosticsMs = reply2.at - sent2;
    }
    if (i >= warmup) {
      symbolTimes.push(outlineMs);
      diagnosticTimes.push(diagnosticsMs);
    }
    log(`${kind}: edit ${i + 1}${i < warmup ? ' (warm-up)' : ''}: outline ${outlineMs.toFixed(1)} ms, diagnostics ${diagnosticsMs.toFixed(1)} ms`);
  }
  result.editOutlineMs = summary(symbolTimes);
  result.editDiagnosticsMs = summary(diagnosticTimes);
  result.rss = rssOf(child.pid);
  result.peakRss = rssOf(child.pid, 'VmHWM:');
  result.clientAnsweringMs = conn.clientBusyMs;
  result.serverRequests = conn.serverRequests;

  const shutdown = conn.request('shutdown', null);
  conn.send(shutdown.message);
  await withTimeout(shutdown.response, 30000, 'shutdown').catch(() => {});
  conn.send(conn.notification('exit', null));
  await new Promise((resolve) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5000);
    child.on('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
  return result;
}

function countCodes(diagnostics) {
  const counts = {};
  for (const d of diagnostics) {
    const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
    counts[String(code)] = (counts[String(code)] || 0) + 1;
  }
  return counts;
}

function countSymbols(symbols) {
  if (!Array.isArray(symbols)) return 0;
  let n = 0;
  for (const s of symbols) n += 1 + countSymbols(s.children);
  return n;
}

async function main() {
  const args = parseArgs(process.argv);
  if (!args.script) {
    console.error('usage: node compare.js --script script.json [--out result.json] [--only markdown|notes]');
    process.exit(2);
  }
  const script = JSON.parse(fs.readFileSync(args.script, 'utf8'));
  const log = (s) => console.error(s);
  const results = {};
  for (const kind of ['markdown', 'notes']) {
    if (args.only && args.only !== kind) continue;
    results[kind] = await run(kind, script[kind], script, log);
  }
  const json = JSON.stringify(results, null, 2);
  if (args.out) fs.writeFileSync(args.out, json);
  else process.stdout.write(json + '\n');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
