#!/usr/bin/env bash
# Fails (one line naming scripts/update-locks.sh) when a lock file is missing or out of date:
#   NuGet  every project of NotesLsp.sln has a packages.lock.json, and `dotnet restore --locked-mode` accepts them all
#   npm    every package.json has a package-lock.json, and `npm ci` would accept it (`npm ci --dry-run`)
# Usage: scripts/check-locks.sh            check everything (run by .ci/run before the tests)
#        scripts/check-locks.sh --list-npm print the package.json files it checks (used by update-locks.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# package.json files of the repository: not inside node_modules, build output or hidden folders (caches, stashes).
npm_manifests() {
  find . \( -name node_modules -o -name bin -o -name obj -o -name artifacts -o -name '.?*' \) -prune -o \
    -name package.json -type f -print | sed 's|^\./||' | LC_ALL=C sort
}
if [ "${1:-}" = --list-npm ]; then
  npm_manifests
  exit 0
fi

fix="run scripts/update-locks.sh and commit the lock files"
log=$(mktemp "${TMPDIR:-/tmp}/notes-locks.XXXXXX")
trap 'rm -f "$log"' EXIT

# NuGet. --locked-mode refuses a lock file that no longer matches its project, but writes a missing one
# instead of failing: so check that each project has one first. --force: a no-op restore (obj/ up to date)
# would not look at an edited lock file at all.
missing=()
while IFS= read -r proj; do
  proj=${proj//\\//}
  [ -f "$(dirname "$proj")/packages.lock.json" ] || missing+=("$(dirname "$proj")/packages.lock.json")
done < <(dotnet sln NotesLsp.sln list | grep -E '\.(cs|fs|vb)proj$')
if [ ${#missing[@]} -gt 0 ]; then
  echo "check-locks: missing ${missing[*]}: $fix" >&2
  exit 1
fi
if ! dotnet restore NotesLsp.sln --locked-mode --force -nologo -v:q >"$log" 2>&1; then
  grep -E 'error NU[0-9]+' "$log" | sed 's/^ *//' | sort -u | head -n 20 >&2 || cat "$log" >&2
  hint=""
  grep -q 'Microsoft.NET.ILLink.Tasks\|Microsoft.DotNet.ILCompiler' "$log" \
    && hint=" (they record the SDK's ILLink version: made with another .NET SDK than $(dotnet --version)?)"
  echo "check-locks: NuGet packages.lock.json files are out of date$hint: $fix" >&2
  exit 1
fi
echo "check-locks: NuGet lock files match ($(dotnet sln NotesLsp.sln list | grep -cE 'proj$') projects)"

# npm.
checked=0
for manifest in $(npm_manifests); do
  dir=$(dirname "$manifest")
  if [ ! -f "$dir/package-lock.json" ]; then
    echo "check-locks: $dir/package-lock.json is missing: $fix" >&2
    exit 1
  fi
  if ! (cd "$dir" && npm ci --dry-run --ignore-scripts --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
    grep -E '^npm (error|ERR!)' "$log" | head -n 8 >&2 || cat "$log" >&2
    echo "check-locks: $dir/package-lock.json is out of date with its package.json: $fix" >&2
    exit 1
  fi
  checked=$((checked + 1))
done
echo "check-locks: npm lock files match ($checked package.json files)"
