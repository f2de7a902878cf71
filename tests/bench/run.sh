#!/usr/bin/env bash
# The whole performance suite in one command (see docs/performance.md):
#   bash tests/bench/run.sh            quick mode: a few minutes of BenchmarkDotNet, 1,000 LSP operations per
#                                      measurement capped at 45 s each, 5 edits (after 2 warm-up edits) on the Markdown peer
#   bash tests/bench/run.sh full       longer BenchmarkDotNet runs, no caps, 10 edits on the peer
#   bash tests/bench/run.sh quick --update-docs   also writes the table into docs/performance.md
# Extra options go to the harness: --no-parser --no-server --no-markdown --no-aot --doc-mb N --ops N ...
# Generated data goes to $NOTES_BENCH_DATA (default: /tmp/notes-lsp-bench); results to BenchmarkDotNet.Artifacts/notes-lsp/.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mode="${1:-quick}"
[ $# -gt 0 ] && shift

command -v node >/dev/null || { echo "node (>= 20) is needed for the Markdown side-by-side run" >&2; }
if command -v npm >/dev/null && [ ! -d tests/bench/markdown/node_modules/vscode-markdown-languageserver ]; then
  (cd tests/bench/markdown && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
if ! command -v clang-14 >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-14 >/dev/null) || echo "clang-14 not installed: the Native AOT publish will fail" >&2
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
dotnet build -c Release src/NotesLsp -nologo -v q
dotnet run -c Release --project tests/NotesLsp.Benchmarks -- "$mode" "$@"
