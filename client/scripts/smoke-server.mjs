// Spawns `<command> [args...]` as an LSP server over stdio, sends initialize / shutdown / exit and checks
// that the reply announces real capabilities. Exit code 0 on success, 1 otherwise.
// usage: node scripts/smoke-server.mjs <command> [args...]
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: smoke-server.mjs <command> [args...]');
  process.exit(2);
}
const started = Date.now();
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d) => (stderr += d));
let buf = Buffer.alloc(0);
const waiting = new Map();
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
  return new Promise((resolve) => waiting.set(id, resolve));
}
function fail(why) {
  console.error(`smoke: FAIL ${command} ${args.join(' ')}: ${why}`);
  if (stderr.trim()) console.error(stderr.trim().split('\n').slice(-20).join('\n'));
  child.kill('SIGKILL');
  process.exit(1);
}
child.on('error', (e) => fail(e.message));
const timer = setTimeout(() => fail('no answer within 20 s'), 20000);
const init = await request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { rules: {} } });
if (init.error) fail('initialize error ' + JSON.stringify(init.error));
const caps = init.result?.capabilities ?? {};
const names = Object.keys(caps);
if (names.length < 2 || !caps.textDocumentSync) fail('initialize returned too few capabilities: ' + JSON.stringify(init.result));
const ms = Date.now() - started;
send({ jsonrpc: '2.0', method: 'initialized', params: {} });
const sd = await request('shutdown', null);
if (sd.error) fail('shutdown error ' + JSON.stringify(sd.error));
send({ jsonrpc: '2.0', method: 'exit', params: null });
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
clearTimeout(timer);
if (code !== 0) fail('exit code ' + code + ' after shutdown/exit');
console.log(`smoke: ok ${command} ${args.join(' ')} — initialize in ${ms} ms, capabilities: ${names.join(', ')}`);
