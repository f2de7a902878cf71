#!/usr/bin/env bash
# Everything for the VS Code client, from a fresh Debian machine (root, Node 20 + npm + .NET SDK present):
#   system packages -> npm ci -> grammar tests -> unit tests -> server build -> .vsix (+ its tests) -> code-server
#   -> e2e in real VS Code.
# Exits non-zero on the first failure.
#
# Environment:
#   NOTES_E2E_HOME   cache for code-server and e2e runs, outside the repo (default /tmp/notes-e2e)
#   NOTES_SKIP_AOT=1 do not try the Native AOT server build (it is tried when clang is installed)
#   NOTES_SKIP_APT=1 do not apt-get install (the packages are already there)
set -euo pipefail
client="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NOTES_E2E_HOME="${NOTES_E2E_HOME:-/tmp/notes-e2e}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
started=$SECONDS
step() { printf '\n=== client ci [%4ss] %s\n' "$((SECONDS - started))" "$*"; }

step "system packages (chromium, ripgrep, fonts-noto-cjk, libkrb5-dev)"
need=()
for pkg in libkrb5-dev chromium ripgrep fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ] && [ "${NOTES_SKIP_APT:-0}" != 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
for tool in node npm dotnet chromium rg; do
  command -v "$tool" >/dev/null || { echo "client ci: $tool is missing" >&2; exit 1; }
done
echo "node $(node --version), npm $(npm --version), dotnet $(dotnet --version), $(chromium --version 2>/dev/null | head -1)"

step "npm ci"
cd "$client"
npm ci --no-audit --no-fund

step "grammar tests (vscode-tmgrammar-test on real excerpts + the whole corpus against its ground truth)"
npm run -s test:grammar

step "unit tests (server resolution per platform, paths and URIs, workspace trust, crash policy, dump detection)"
npm run -s test:unit

step "server build (dotnet publish into client/server/)"
bash scripts/build-server.sh

step "package the .vsix (universal + one per Native AOT build; the server just built is up to date)"
npm run -s package
vsix="$client/notes-lsp.vsix"
# The platform-specific package carries the Native AOT server: the e2e test installs that one when it exists.
[ -f "$client/notes-lsp-linux-x64.vsix" ] && vsix="$client/notes-lsp-linux-x64.vsix"
ls -l ./*.vsix

step "package tests (each .vsix holds a server that answers initialize; no .vsix without a server)"
npm run -s test:package

step "code-server 4.100.3 (cached in $NOTES_E2E_HOME)"
bash scripts/install-code-server.sh

step "end-to-end test in VS Code (code-server + headless Chromium)"
NOTES_VSIX="$vsix" node test/e2e/run.mjs

step "done"
