#!/usr/bin/env bash
# Publishes the C# server (src/NotesLsp) into client/server/ for packaging into the .vsix:
#   server/any/NotesLsp.dll            framework-dependent, run with `dotnet` (always)
#   server/<platform>-<arch>/notes-lsp  Native AOT for the machine it runs on (linux-x64, linux-arm64, darwin-x64,
#                                       darwin-arm64, win32-x64 as notes-lsp.exe: AOT does not cross-compile across
#                                       OSes); skipped if AOT fails or NOTES_SKIP_AOT=1
# Each build is smoke-tested (initialize/shutdown over stdio); a broken AOT build is dropped
# so the extension falls back to the framework-dependent one. A finished build writes client/.server-stamp.json
# (scripts/server-stamp.mjs): `npm run package` / `vsce package` then skip the build while src/ is unchanged.
set -euo pipefail
client="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$client/.." && pwd)"
proj="$repo/src/NotesLsp/NotesLsp.csproj"
# Separate build output so this never races the server developers' own bin/ and obj/.
work="${NOTES_SERVER_BUILD_DIR:-$client/.server-build}"
server="$client/server"

if [ ! -f "$proj" ]; then
  echo "build-server: $proj not found" >&2
  exit 1
fi
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

rm -rf "$server" "$client/.server-stamp.json"
mkdir -p "$server" "$work"
inputs="$(node "$client/scripts/server-stamp.mjs" hash)"
stamp() { node "$client/scripts/server-stamp.mjs" write "$inputs"; }

echo "build-server: framework-dependent publish -> server/any"
dotnet publish "$proj" -c Release -o "$server/any" --artifacts-path "$work/fd" \
  -p:UseAppHost=false -p:DebugType=none -p:GenerateDocumentationFile=false -p:SatelliteResourceLanguages=en -nologo -v:q
rm -f "$server"/any/*.pdb
node "$client/scripts/smoke-server.mjs" dotnet "$server/any/NotesLsp.dll" server

# .NET runtime identifier -> VS Code target (the folder the extension looks in: server/<platform>-<arch>).
exe=""
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 folder=linux-x64 ;;
  Linux-aarch64) rid=linux-arm64 folder=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 folder=darwin-x64 ;;
  Darwin-arm64) rid=osx-arm64 folder=darwin-arm64 ;;
  MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) rid=win-x64 folder=win32-x64 exe=.exe ;;
  *) rid="" folder="" ;;
esac
if [ "${NOTES_SKIP_AOT:-0}" = 1 ] || [ -z "$rid" ]; then
  echo "build-server: Native AOT skipped"
  stamp
  exit 0
fi

echo "build-server: Native AOT publish ($rid) -> server/$folder"
aot_out="$work/aot-out"
rm -rf "$aot_out"
# PublishAot adds the ILCompiler packages (the SDK's version) and a runtime section to the restore, which would
# rewrite the committed packages.lock.json files: this restore keeps its lock file in each project's obj/ instead.
# The other packages resolve to the versions the committed lock files pin.
aot_args=(-r "$rid" -p:PublishAot=true -p:DebugType=none -p:StripSymbols=true -p:SatelliteResourceLanguages=en
  -p:NuGetLockFilePath=obj/aot-publish.packages.lock.json)
if command -v clang-14 >/dev/null 2>&1; then aot_args+=(-p:CppCompilerAndLinker=clang-14); fi
if dotnet publish "$proj" -c Release -o "$aot_out" --artifacts-path "$work/aot" "${aot_args[@]}" -nologo -v:q >"$work/aot.log" 2>&1 \
  && [ -f "$aot_out/NotesLsp$exe" ]; then
  mkdir -p "$server/$folder"
  cp "$aot_out/NotesLsp$exe" "$server/$folder/notes-lsp$exe"
  chmod 755 "$server/$folder/notes-lsp$exe"
  if node "$client/scripts/smoke-server.mjs" "$server/$folder/notes-lsp$exe" server; then
    echo "build-server: Native AOT ok ($(du -h "$server/$folder/notes-lsp$exe" | cut -f1))"
  else
    echo "build-server: the Native AOT build does not answer initialize properly: dropped (the extension uses server/any)" >&2
    rm -rf "${server:?}/$folder"
  fi
else
  echo "build-server: Native AOT publish failed (see $work/aot.log): skipped, the extension uses server/any" >&2
  tail -n 15 "$work/aot.log" >&2 || true
fi
stamp
