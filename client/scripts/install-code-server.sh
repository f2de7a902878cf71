#!/usr/bin/env bash
# Installs code-server 4.100.3 (= VS Code 1.100.3) for the e2e test into a cache folder outside the repo:
#   ${NOTES_E2E_HOME:-/tmp/notes-e2e}/code-server/node_modules/.bin/code-server
# Needs Debian's chromium, ripgrep, libkrb5-dev (see ci.sh). Safe to re-run: does nothing when installed.
set -euo pipefail
CODE_SERVER_VERSION=4.100.3
home="${NOTES_E2E_HOME:-/tmp/notes-e2e}"
dir="$home/code-server"
bin="$dir/node_modules/.bin/code-server"
if [ -x "$bin" ] && [ "$(cat "$dir/.installed" 2>/dev/null)" = "$CODE_SERVER_VERSION" ]; then
  echo "install-code-server: code-server $CODE_SERVER_VERSION already in $dir"
  exit 0
fi
mkdir -p "$dir" "$home/tmp" "$home/xdg/config" "$home/xdg/data" "$home/xdg/cache"
# Keep every download and cache out of $HOME.
export TMPDIR="$home/tmp" XDG_CONFIG_HOME="$home/xdg/config" XDG_DATA_HOME="$home/xdg/data" XDG_CACHE_HOME="$home/xdg/cache"
export npm_config_cache="$home/npm-cache"

# @vscode/ripgrep downloads its binary from GitHub, which is unreachable: seed its cache with Debian's rg.
rg_bin="$(command -v rg || true)"
if [ -z "$rg_bin" ]; then
  echo "install-code-server: ripgrep (rg) is required: apt-get install -y ripgrep" >&2
  exit 1
fi
mkdir -p "$TMPDIR/vscode-ripgrep-cache-1.15.11" "$TMPDIR/rgstage"
cp "$rg_bin" "$TMPDIR/rgstage/rg"
for triple in x86_64-unknown-linux-musl aarch64-unknown-linux-musl aarch64-unknown-linux-gnu; do
  tar czf "$TMPDIR/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-$triple.tar.gz" -C "$TMPDIR/rgstage" rg
done

cd "$dir"
[ -f package.json ] || echo '{ "name": "notes-e2e-code-server", "private": true }' > package.json
# As root the postinstall needs --unsafe-perm; node-pty's postinstall runs npx non-interactively.
npm_config_yes=true npm install --unsafe-perm --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION"
"$bin" --version
echo "$CODE_SERVER_VERSION" > "$dir/.installed"
