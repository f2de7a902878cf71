// When the extension restarts a crashed server and when it gives up (src/crashPolicy.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { CrashPolicy } = require('../../out/unit/crashPolicy.js');

test('crash policy: restarts after crashes 1-4, stops at the 5th within 3 minutes, waits longer each time', () => {
  const p = new CrashPolicy();
  const t0 = 1_000_000;
  const d = [0, 1, 2, 3, 4].map((i) => p.crashed(t0 + i * 1000));
  assert.deepEqual(d.map((x) => x.restart), [true, true, true, true, false]);
  assert.deepEqual(d.map((x) => x.count), [1, 2, 3, 4, 5]);
  assert.deepEqual(d.slice(0, 4).map((x) => x.delayMs), [250, 500, 1000, 2000]);
});

test('crash policy: crashes older than 3 minutes are forgotten; a user restart forgets them all', () => {
  const p = new CrashPolicy(5, 180_000);
  const t0 = 0;
  for (let i = 0; i < 4; i++) assert.equal(p.crashed(t0 + i * 10_000).restart, true);
  // 3 minutes after the first crash, it no longer counts: 4 within the window, restart.
  const late = p.crashed(t0 + 180_000);
  assert.equal(late.restart, true);
  assert.equal(late.count, 4);
  const p2 = new CrashPolicy();
  for (let i = 0; i < 4; i++) p2.crashed(i);
  p2.reset();
  assert.deepEqual(p2.crashed(10), { restart: true, count: 1, delayMs: 250 });
  // Spread-out crashes (one every 50 s) never stop the server.
  const p3 = new CrashPolicy();
  for (let i = 0; i < 20; i++) assert.equal(p3.crashed(i * 50_000).restart, true, `crash ${i}`);
});
