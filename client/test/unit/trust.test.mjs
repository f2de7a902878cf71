// Workspace trust: which value of notesLsp.server.path / notesLsp.dotnet.path is used, and what an untrusted
// workspace's settings files set (src/trust.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { effectiveValue, restrictedValuesIn } = require('../../out/unit/trust.js');

test('trusted: the workspace value wins (folder, then workspace, then user, then default)', () => {
  assert.deepEqual(effectiveValue({ defaultValue: '', globalValue: '/u', workspaceValue: './w' }, true), { value: './w', source: 'workspace' });
  assert.deepEqual(effectiveValue({ defaultValue: '', globalValue: '/u', workspaceValue: './w', workspaceFolderValue: './f' }, true), { value: './f', source: 'workspaceFolder' });
  assert.deepEqual(effectiveValue({ defaultValue: '', globalValue: '/u' }, true), { value: '/u', source: 'user' });
  assert.deepEqual(effectiveValue({ defaultValue: 'dotnet' }, true), { value: 'dotnet', source: 'default' });
  assert.deepEqual(effectiveValue(undefined, true), { value: undefined, source: 'none' });
});

test('untrusted: a workspace value is ignored (and reported), the user value or the default is used', () => {
  assert.deepEqual(effectiveValue({ defaultValue: '', workspaceValue: './evil.sh' }, false), { value: '', source: 'default', ignored: './evil.sh' });
  assert.deepEqual(effectiveValue({ defaultValue: '', globalValue: '/u', workspaceFolderValue: './f' }, false), { value: '/u', source: 'user', ignored: './f' });
  // The same value as the user's: nothing is lost, nothing to report.
  assert.deepEqual(effectiveValue({ defaultValue: '', globalValue: '/u', workspaceValue: '/u' }, false), { value: '/u', source: 'user' });
  assert.deepEqual(effectiveValue({ defaultValue: 'dotnet', globalValue: '/opt/dotnet' }, false), { value: '/opt/dotnet', source: 'user' });
});

test('restricted settings read from .vscode/settings.json (comments, trailing commas) and .code-workspace files', () => {
  const keys = ['notesLsp.server.path', 'notesLsp.dotnet.path'];
  const settings = `{
    // a comment
    "editor.tabSize": 2,
    "notesLsp.server.path": "tools/notes-lsp.sh", /* another */
    "notesLsp.dotnet.path": "",
  }`;
  assert.deepEqual(restrictedValuesIn(settings, keys), { 'notesLsp.server.path': 'tools/notes-lsp.sh' });
  const workspace = `{ "folders": [{ "path": "." }], "settings": { "notesLsp.dotnet.path": "./bin/dotnet" } }`;
  assert.deepEqual(restrictedValuesIn(workspace, keys, true), { 'notesLsp.dotnet.path': './bin/dotnet' });
  assert.deepEqual(restrictedValuesIn(workspace, keys, false), {});
  assert.deepEqual(restrictedValuesIn('not json at all', keys), {});
  assert.deepEqual(restrictedValuesIn('[1, 2]', keys), {});
  assert.deepEqual(restrictedValuesIn('', keys), {});
});
