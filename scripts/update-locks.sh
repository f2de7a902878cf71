#!/usr/bin/env bash
# Regenerates every lock file of the repository:
#   NuGet  packages.lock.json of each project in NotesLsp.sln (RestorePackagesWithLockFile, Directory.Build.props)
#   npm    package-lock.json beside each package.json (client/, tests/tools/, tests/bench/markdown/, scripts/publish/)
# Run it after adding or changing a PackageReference, a project, an npm dependency, or the .NET SDK (the NuGet
# locks record Microsoft.NET.ILLink.Tasks, whose version comes with the SDK), then commit the changed files.
# scripts/check-locks.sh (run by .ci/run) fails when a lock file is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

echo "update-locks: NuGet (dotnet $(dotnet --version))"
dotnet restore NotesLsp.sln --force-evaluate -nologo -v:q

for manifest in $(bash scripts/check-locks.sh --list-npm); do
  dir=$(dirname "$manifest")
  echo "update-locks: npm ($dir)"
  (cd "$dir" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund --loglevel=error)
done
echo "update-locks: done; commit the changed packages.lock.json / package-lock.json files"
