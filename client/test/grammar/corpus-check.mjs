// Tokenizes every real dump in the corpus with the grammar (vscode-textmate + oniguruma, as VS Code does)
// and compares what it highlights with the corpus ground truth (<name>.truth.json):
// every tag, every entry number after the date and every `・NNNN` reference, exactly; one
// `Issue Date:` keyword, one title and one `Summary` keyword per entry; a `Comment` keyword per commented entry.
//   node test/grammar/corpus-check.mjs [corpus-dir]     (default: <repo>/tests/data/corpus)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const vt = require('vscode-textmate');
const onig = require('vscode-oniguruma');
const here = path.dirname(fileURLToPath(import.meta.url));
const clientDir = path.resolve(here, '../..');
const corpus = process.argv[2] ?? path.resolve(clientDir, '../tests/data/corpus');
if (!fs.existsSync(corpus) || !fs.readdirSync(corpus).some((f) => f.endsWith('.truth.json'))) {
  console.error(`corpus-check: no *.truth.json in ${corpus}`);
  process.exit(1);
}

await onig.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
const registry = new vt.Registry({
  onigLib: Promise.resolve({ createOnigScanner: (s) => new onig.OnigScanner(s), createOnigString: (s) => new onig.OnigString(s) }),
  loadGrammar: async () => vt.parseRawGrammar(fs.readFileSync(path.join(clientDir, 'syntaxes/notes.tmLanguage.json'), 'utf8'), 'notes.tmLanguage.json'),
});
const grammar = await registry.loadGrammar('source.notes');

const multisetDiff = (want, got) => {
  const m = new Map();
  for (const x of want) m.set(x, (m.get(x) || 0) + 1);
  for (const x of got) m.set(x, (m.get(x) || 0) - 1);
  return [...m].filter(([, v]) => v).map(([k, v]) => `${k}${v > 0 ? ' missing' : ' extra'}${Math.abs(v) > 1 ? ' x' + Math.abs(v) : ''}`);
};

let passed = 0;
let failed = 0;
for (const file of fs.readdirSync(corpus).filter((f) => f.endsWith('.notes')).sort()) {
  const truthFile = path.join(corpus, file.replace(/\.notes$/, '.truth.json'));
  if (!fs.existsSync(truthFile)) continue;
  const entries = JSON.parse(fs.readFileSync(truthFile, 'utf8')).entries;
  const got = { tags: [], refs: [], numbers: [], dates: 0, titles: 0, summaries: 0, comments: 0 };
  let state = vt.INITIAL;
  for (const line of fs.readFileSync(path.join(corpus, file), 'utf8').split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    let prevTitle = false;
    for (const t of r.tokens) {
      const scopes = t.scopes.join(' ');
      const text = line.slice(t.startIndex, t.endIndex);
      if (scopes.includes('entity.name.tag.notes') && !scopes.includes('punctuation.definition.tag')) got.tags.push(text.trim());
      if (scopes.includes('variable.other.constant.reference.notes')) got.refs.push(Number(text));
      if (scopes.includes('variable.other.constant.entry-number.notes') && !scopes.includes('punctuation')) got.numbers.push(Number(text));
      if (scopes.includes('keyword.other.issue-date.notes')) got.dates++;
      const isTitle = scopes.includes('entity.name.section.title.notes');
      if (isTitle && !prevTitle) got.titles++;
      prevTitle = isTitle;
      if (scopes.includes('keyword.control.summary.notes')) got.summaries++;
      if (scopes.includes('keyword.control.comment.notes')) got.comments++;
    }
  }
  const problems = [];
  const tagDiff = multisetDiff(entries.flatMap((e) => e.tags), got.tags);
  if (tagDiff.length) problems.push(`tags: ${tagDiff.slice(0, 6).join(', ')}`);
  const refDiff = multisetDiff(entries.flatMap((e) => e.refs), got.refs);
  if (refDiff.length) problems.push(`references: ${refDiff.join(', ')}`);
  const numDiff = multisetDiff(entries.map((e) => e.number), got.numbers);
  if (numDiff.length) problems.push(`entry numbers: ${numDiff.join(', ')}`);
  for (const [what, want, have] of [
    ['Issue Date keywords', entries.length, got.dates],
    ['titles', entries.length, got.titles],
    ['Summary keywords', entries.length, got.summaries],
    ['Comment keywords', entries.filter((e) => e.has_comment).length, got.comments],
  ]) {
    if (want !== have) problems.push(`${what}: ${have}, expected ${want}`);
  }
  const summary = `${entries.length} entries, ${got.tags.length} tags, ${got.refs.length} references`;
  if (problems.length) {
    failed++;
    console.log(`✖ ${file} (${summary})\n    ${problems.join('\n    ')}`);
  } else {
    passed++;
    console.log(`✓ ${file} (${summary})`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
