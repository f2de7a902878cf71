#!/usr/bin/env bash
# Coverage-guided fuzzing of NotesLsp.Syntax with SharpFuzz + AFL++ (Debian package afl++).
# usage: tests/NotesLsp.Fuzz/run-afl.sh [seconds]   (findings in $FUZZ_OUT, default /tmp/notes-afl)
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-3600}
out=${FUZZ_OUT:-/tmp/notes-afl}
command -v afl-fuzz >/dev/null || { apt-get update -qq && apt-get install -y -qq afl++ >/dev/null; }
tools=${FUZZ_TOOLS:-/tmp/notes-fuzz-tools}
[ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
dotnet publish -c Release -o "$out/bin" >/dev/null
"$tools/sharpfuzz" "$out/bin/NotesLsp.Syntax.dll"
mkdir -p "$out/in"
# Seed inputs: real entries, cut into small files (AFL prefers inputs under a few KB).
i=0
for f in ../../seeds/*.notes ../../seeds/*.txt; do
  head -c 1500 "$f" > "$out/in/seed$i"; i=$((i+1))
  tail -c 1500 "$f" > "$out/in/seed$i"; i=$((i+1))
done
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1
timeout "$seconds" afl-fuzz -i "$out/in" -o "$out/findings" -t 5000 -m none -- dotnet "$out/bin/NotesLsp.Fuzz.dll" afl || true
grep -E "execs_done|unique_crashes|saved_crashes|saved_hangs|corpus_count|run_time" "$out/findings/default/fuzzer_stats" || true
