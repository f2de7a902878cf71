// Spawns `<command> [args...]` as an LSP server over stdio, sends initialize / shutdown / exit and checks
// that the reply announces real capabilities. Exit code 0 on success, 1 otherwise.
// usage: node scripts/smoke-server.mjs <command> [args...]
// Also a module: `smoke(command, args)` resolves to { ms, capabilities } or rejects with the reason.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function smoke(command, args, { timeoutMs = 20000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let settled = false;
    child.stderr.on('data', (d) => (stderr += d));
    let buf = Buffer.alloc(0);
    const waiting = new Map();
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      const tail = stderr.trim() ? '\n' + stderr.trim().split('\n').slice(-20).join('\n') : '';
      reject(new Error(`${command} ${args.join(' ')}: ${why}${tail}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    child.on('error', (e) => fail(e.message));
    child.stdin.on('error', (e) => fail(`stdin: ${e.message}`));
    child.on('exit', (code, signal) => setTimeout(() => fail(`exited (${signal ?? `code ${code}`}) before the end of the exchange`), 50));
    child.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const sep = buf.indexOf('\r\n\r\n');
        if (sep < 0) return;
        const m = /Content-Length:\s*(\d+)/i.exec(buf.subarray(0, sep).toString('ascii'));
        if (!m) return fail('bad header: ' + buf.subarray(0, sep).toString());
        const len = +m[1];
        if (buf.length < sep + 4 + len) return;
        const msg = JSON.parse(buf.subarray(sep + 4, sep + 4 + len).toString('utf8'));
        buf = buf.subarray(sep + 4 + len);
        if (msg.id !== undefined && waiting.has(msg.id) && !msg.method) {
          waiting.get(msg.id)(msg);
          waiting.delete(msg.id);
        } else if (msg.id !== undefined && msg.method) {
          send({ jsonrpc: '2.0', id: msg.id, result: msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => null) : null });
        }
      }
    });
    function send(msg) {
      const body = Buffer.from(JSON.stringify(msg), 'utf8');
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    }
    let nextId = 1;
    function request(method, params) {
      const id = nextId++;
      send({ jsonrpc: '2.0', id, method, params });
      return new Promise((r) => waiting.set(id, r));
    }
    (async () => {
      const init = await request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { rules: {} } });
      if (init.error) return fail('initialize error ' + JSON.stringify(init.error));
      const caps = init.result?.capabilities ?? {};
      const names = Object.keys(caps);
      if (names.length < 2 || !caps.textDocumentSync) return fail('initialize returned too few capabilities: ' + JSON.stringify(init.result));
      const ms = Date.now() - started;
      send({ jsonrpc: '2.0', method: 'initialized', params: {} });
      const sd = await request('shutdown', null);
      if (sd.error) return fail('shutdown error ' + JSON.stringify(sd.error));
      const exited = new Promise((r) => child.on('exit', (c) => r(c)));
      send({ jsonrpc: '2.0', method: 'exit', params: null });
      const code = await exited;
      if (code !== 0) return fail('exit code ' + code + ' after shutdown/exit');
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ms, capabilities: names });
    })().catch((e) => fail(e.message));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: smoke-server.mjs <command> [args...]');
    process.exit(2);
  }
  try {
    const r = await smoke(command, args);
    console.log(`smoke: ok ${command} ${args.join(' ')} — initialize in ${r.ms} ms, capabilities: ${r.capabilities.join(', ')}`);
  } catch (e) {
    console.error(`smoke: FAIL ${e.message}`);
    process.exit(1);
  }
}
