#!/usr/bin/env bash
# Tests .pre-commit-hooks.yaml with prek (a drop-in for pre-commit, from tests/tools/node_modules; pre-commit itself
# is a Python package) on a small git repository of dumps: two corpus dumps and one with an impossible date.
#   1. prek validates the manifest.
#   2. pre-commit's `language: dotnet` install, step by step as pre-commit does it: `dotnet pack` at the
#      repository root, then `dotnet tool install` of every package that makes (from that folder only).
#   3. `prek try-repo <hooks> notes-lsp-check` with the notes-lsp tool on PATH (how prek runs a dotnet hook that
#      has no additional_dependencies): fails on the broken dump, passes on the good ones, ignores other files.
#   4. `prek run` with `additional_dependencies: ['NotesLsp:<version>']` (prek installs the tool from a NuGet
#      feed: here a local folder holding the package from step 2): the same results.
#   5. notes-lsp-format, once `notes-lsp format` exists: idempotent, and the result still passes the check.
# Offline but for nothing: the feed is a folder and NuGet's configuration is a sandboxed HOME's.
# Usage: bash tests/tools/pre-commit-try-repo.sh   (after `npm ci` in tests/tools)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
prek="$repo/tests/tools/node_modules/.bin/prek"
[ -x "$prek" ] || { echo "pre-commit test: $prek is missing: run npm ci in tests/tools" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NO_COLOR=1

# pre-commit installs every package `dotnet pack` makes at the root as a tool, so a packable library would break
# the hook for pre-commit users: the libraries have <IsPackable>false</IsPackable>, and this test fails otherwise.

tmp="$(mktemp -d "${TMPDIR:-/tmp}/notes-precommit.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { echo "  ok: $*"; passed=$((passed + 1)); }
fail() { echo "  FAIL: $*" >&2; failed=$((failed + 1)); }
git_quiet() { git -c user.name=test -c user.email=test@example.invalid -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }

echo "pre-commit test: $("$prek" --version), dotnet $(dotnet --version)"

# 1. The manifest.
if "$prek" validate-manifest "$repo/.pre-commit-hooks.yaml" >"$tmp/validate.log" 2>&1; then
  ok "prek validate-manifest .pre-commit-hooks.yaml"
else
  cat "$tmp/validate.log" >&2
  fail "prek validate-manifest .pre-commit-hooks.yaml"
fi

# 2. pre-commit's dotnet install (pre_commit/languages/dotnet.py): `dotnet pack --configuration Release
#    --property PackageOutputPath=<build>` in the repository, then for each .nupkg its <id> from the .nuspec,
#    `dotnet tool install --configfile <no sources> --tool-path <env>/bin --add-source <build> <id>`.
#    Built from a copy of the sources, as pre-commit builds its own clone.
src="$tmp/src"
mkdir -p "$src"
(cd "$repo" && tar --exclude=node_modules --exclude=bin --exclude=obj --exclude=artifacts --exclude=.git \
  --exclude=client --exclude=TestResults --exclude=BenchmarkDotNet.Artifacts -cf - .) | tar -xf - -C "$src"
build="$tmp/pre-commit-build"
if ! (cd "$src" && dotnet pack --configuration Release --property "PackageOutputPath=$build" -nologo -v:q) >"$tmp/pack.log" 2>&1; then
  tail -n 30 "$tmp/pack.log" >&2
  echo "pre-commit test: dotnet pack at the repository root failed" >&2
  exit 1
fi
printf '<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /></packageSources></configuration>' >"$tmp/no-sources.config"
not_tools=()
for nupkg in "$build"/*.nupkg; do
  id="$(unzip -p "$nupkg" '*.nuspec' | tr -d '\r' | sed -n 's:.*<id>\(.*\)</id>.*:\1:p' | head -n 1)"
  if dotnet tool install --configfile "$tmp/no-sources.config" --tool-path "$tmp/pre-commit-env/bin" --add-source "$build" "$id" >"$tmp/install.log" 2>&1; then
    echo "  pre-commit would install $id ($(basename "$nupkg")): ok"
  else
    not_tools+=("$id")
    echo "  pre-commit would install $id ($(basename "$nupkg")): $(tr '\n' ' ' <"$tmp/install.log")"
  fi
done
if [ -x "$tmp/pre-commit-env/bin/notes-lsp" ] && [ ${#not_tools[@]} -eq 0 ]; then
  ok "pre-commit's language: dotnet install (dotnet pack at the root, then every package as a tool)"
else
  fail "pre-commit's language: dotnet install (notes-lsp installed: $([ -x "$tmp/pre-commit-env/bin/notes-lsp" ] && echo yes || echo no); not tools: ${not_tools[*]:-none})"
fi
feed="$tmp/feed"
mkdir -p "$feed"
cp "$build"/NotesLsp.[0-9]*.nupkg "$feed/"
nupkg="$(basename "$(ls "$feed"/NotesLsp.*.nupkg)")"
version="${nupkg#NotesLsp.}"
version="${version%.nupkg}"

# NuGet sees the feed folder only (a sandboxed HOME's NuGet.Config; packages land in its own global folder).
home="$tmp/home"
mkdir -p "$home/.nuget/NuGet"
cat >"$home/.nuget/NuGet/NuGet.Config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="notes-lsp" value="$feed" /></packageSources></configuration>
EOF
sandbox() { env -u NUGET_PACKAGES HOME="$home" PREK_HOME="$tmp/prek-home" "$@"; }

# The hooks repository prek clones: a git repository with this manifest (prek does not build the repository).
hooks="$tmp/hooks"
mkdir -p "$hooks"
cp "$repo/.pre-commit-hooks.yaml" "$hooks/"
(cd "$hooks" && git_quiet init -q && git_quiet add -A && git_quiet commit -q -m hooks)
rev="$(git -C "$hooks" rev-parse HEAD)"

# The dumps: two good ones from the corpus, a broken one, and a Markdown file with the same broken date that the
# `files` pattern must leave alone.
dumps="$tmp/dumps"
mkdir -p "$dumps"
cp "$repo/tests/data/corpus/Catastrophic_Forgetting.notes" "$repo/tests/data/corpus/Hallucination.notes" "$dumps/"
printf 'Broken\n#NLP #LanguageModel\nIssue Date: 2025-02-30 #9001 A broken entry, Someone, ICLR'"'"'25 SummaryText.\n' >"$dumps/broken.notes"
printf '# Notes\n\nIssue Date: 2025-02-30 is not a date, but this is not a dump.\n' >"$dumps/README.md"
(cd "$dumps" && git_quiet init -q && git_quiet add -A && git_quiet commit -q -m dumps)
good=(Catastrophic_Forgetting.notes Hallucination.notes)

# expect <code> <label> <must contain|-> <must not contain|-> -- command...
expect() {
  local want="$1" label="$2" contains="$3" lacks="$4"
  shift 5
  local code=0
  (cd "$dumps" && "$@") >"$tmp/out.log" 2>&1 || code=$?
  if [ "$code" -ne "$want" ]; then
    sed 's/^/    /' "$tmp/out.log" | tail -n 25 >&2
    fail "$label: exit $code, expected $want"
  elif [ "$contains" != - ] && ! grep -qF -- "$contains" "$tmp/out.log"; then
    sed 's/^/    /' "$tmp/out.log" | tail -n 25 >&2
    fail "$label: output lacks '$contains'"
  elif [ "$lacks" != - ] && grep -qF -- "$lacks" "$tmp/out.log"; then
    fail "$label: output has '$lacks'"
  else
    ok "$label (exit $code)"
  fi
}

# 3. try-repo: the manifest as it is, with notes-lsp on PATH (a `dotnet tool install -g NotesLsp` user).
sandbox dotnet tool install --tool-path "$tmp/tools" NotesLsp --version "$version" >"$tmp/tool.log" 2>&1 \
  || { cat "$tmp/tool.log" >&2; echo "pre-commit test: dotnet tool install NotesLsp $version from the feed failed" >&2; exit 1; }
expect 1 "try-repo notes-lsp-check --all-files fails on the broken dump" "broken.notes:3:13: error NL003" "README.md" -- \
  sandbox env PATH="$tmp/tools:$PATH" "$prek" try-repo "$hooks" notes-lsp-check --all-files
expect 0 "try-repo notes-lsp-check --files <the good dumps> passes" "Passed" - -- \
  sandbox env PATH="$tmp/tools:$PATH" "$prek" try-repo "$hooks" notes-lsp-check --files "${good[@]}"

# 4. prek installs the tool itself from additional_dependencies.
cat >"$dumps/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: notes-lsp-check
        additional_dependencies: ['NotesLsp:$version']
      - id: notes-lsp-format
        additional_dependencies: ['NotesLsp:$version']
EOF
(cd "$dumps" && git_quiet add -A && git_quiet commit -q -m config)
expect 1 "run notes-lsp-check --all-files (additional_dependencies NotesLsp:$version) fails on the broken dump" \
  "broken.notes:3:13: error NL003" "README.md" -- sandbox "$prek" run notes-lsp-check --all-files
expect 0 "run notes-lsp-check --files <the good dumps> passes" "Passed" - -- \
  sandbox "$prek" run notes-lsp-check --files "${good[@]}"

# 5. notes-lsp-format, when the tool has the command.
if "$tmp/tools/notes-lsp" format --help >"$tmp/format.log" 2>&1 || ! grep -q "unknown command 'format'" "$tmp/format.log"; then
  (cd "$dumps" && sandbox "$prek" run notes-lsp-format --files "${good[@]}") >"$tmp/out.log" 2>&1 || true
  expect 0 "run notes-lsp-format again changes nothing" - - -- sandbox "$prek" run notes-lsp-format --files "${good[@]}"
  expect 0 "the formatted dumps pass notes-lsp-check" "Passed" - -- sandbox "$prek" run notes-lsp-check --files "${good[@]}"
else
  echo "  skipped: notes-lsp-format (this notes-lsp has no format command yet)"
fi

if [ "$failed" -eq 0 ]; then
  echo "pre-commit hooks: all $passed checks passed"
else
  echo "pre-commit hooks: $failed of $((passed + failed)) checks failed" >&2
  exit 1
fi
