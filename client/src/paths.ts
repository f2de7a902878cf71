/**
 * Paths and file URIs by the rules of a platform, passed as a parameter so that the Windows and macOS rules
 * are tested on any machine:
 * - win32: `\` and `/` separate, drive letters and the whole path compare case-insensitively, UNC
 *   `\\server\share`, `\\?\` long-path prefix;
 * - darwin: the default file systems (APFS, HFS+) are case-insensitive and normalization-insensitive
 *   (a name typed as NFC may be stored or reported as NFD: Japanese names with dakuten are the usual case);
 * - linux and the rest: case-sensitive, byte-exact.
 * File URIs follow VS Code's `Uri.file(p).toString()` / `Uri.parse(u).fsPath`: `file:///c%3A/Users/me/a%20b.notes`.
 */
import * as path from 'node:path';

export type Platform = NodeJS.Platform;

export function pathApi(platform: Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** True where the usual file systems ignore case (Windows, macOS). */
export function ignoresCase(platform: Platform): boolean {
  return platform === 'win32' || platform === 'darwin';
}

/** Decodes %XX sequences as UTF-8; a malformed sequence stays as it is (like VS Code's graceful decoding). */
function decodeGraceful(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // Decode what can be decoded, byte group by byte group.
      return run.replace(/%[0-9A-Fa-f]{2}/g, (b) => {
        const c = parseInt(b.slice(1), 16);
        return c < 0x80 ? String.fromCharCode(c) : b;
      });
    }
  });
}

/** True for `file:` URIs (any case of the scheme). */
export function isFileUri(uri: string): boolean {
  return /^file:/i.test(uri);
}

/**
 * The file system path of a `file:` URI on `platform`, as VS Code's `Uri.fsPath` computes it there:
 * `file:///c%3A/Users/Me/a%20b.notes` -> `c:\Users\Me\a b.notes` (win32; the drive letter lower-cased),
 * `file://server/share/x.notes` -> `\\server\share\x.notes` (win32 UNC), `file:///home/me/x.notes` -> `/home/me/x.notes`.
 * Query and fragment are ignored. Throws on anything but a file URI.
 */
export function fileUriToPath(uri: string, platform: Platform): string {
  const m = /^file:(?:\/\/([^/?#]*))?([^?#]*)/i.exec(uri);
  if (!m) {
    throw new Error(`not a file URI: ${uri}`);
  }
  const authority = decodeGraceful(m[1] ?? '').toLowerCase();
  let p = decodeGraceful(m[2] || '/');
  if (!p.startsWith('/')) {
    p = '/' + p;
  }
  let value: string;
  if (authority && authority !== 'localhost' && p.length > 1) {
    value = `//${authority}${p}`;
  } else if (platform === 'win32' && /^\/[A-Za-z]:/.test(p)) {
    value = p[1].toLowerCase() + p.slice(2);
  } else {
    value = p;
  }
  return platform === 'win32' ? value.replace(/\//g, '\\') : value;
}

/** Percent-encodes like VS Code: everything but unreserved characters (and `/` in a path). */
function encode(s: string, keepSlash: boolean): string {
  let out = '';
  for (const ch of s) {
    if (/^[A-Za-z0-9\-._~]$/.test(ch) || (keepSlash && ch === '/')) {
      out += ch;
    } else {
      out += Buffer.from(ch, 'utf8')
        .toString('hex')
        .toUpperCase()
        .replace(/(..)/g, '%$1');
    }
  }
  return out;
}

/**
 * The `file:` URI of an absolute path on `platform`, spelled as VS Code spells it (`Uri.file(p).toString()`):
 * on win32 `C:\Users\Me\ノート #1.notes` -> `file:///c%3A/Users/Me/%E3%83%8E%E3%83%BC%E3%83%88%20%231.notes`,
 * `\\server\share\x` -> `file://server/share/x`.
 */
export function pathToFileUri(p: string, platform: Platform): string {
  let authority = '';
  let s = p;
  if (platform === 'win32') {
    s = s.replace(/\\/g, '/');
    if (s.startsWith('//?/')) {
      s = s.slice(4);
      if (/^UNC\//i.test(s)) {
        s = '//' + s.slice(4);
      }
    }
    if (s.startsWith('//')) {
      const i = s.indexOf('/', 2);
      authority = (i < 0 ? s.slice(2) : s.slice(2, i)).toLowerCase();
      s = i < 0 ? '/' : s.slice(i);
    }
  }
  if (!s.startsWith('/')) {
    s = '/' + s;
  }
  if (/^\/[A-Za-z]:/.test(s)) {
    s = '/' + s[1].toLowerCase() + s.slice(2);
  }
  return `file://${encode(authority, false)}${encode(s, true)}`;
}

/**
 * A key under which two spellings of the same file compare equal on `platform`: separators unified, `.` and `..`
 * resolved, no trailing separator, no `\\?\` prefix; lower-cased where the platform ignores case; NFC on macOS.
 */
export function pathKey(p: string, platform: Platform): string {
  const api = pathApi(platform);
  let s = p;
  if (platform === 'win32') {
    s = s.replace(/\//g, '\\');
    if (/^\\\\\?\\UNC\\/i.test(s)) {
      s = '\\\\' + s.slice(8);
    } else if (s.startsWith('\\\\?\\')) {
      s = s.slice(4);
    }
  }
  s = api.normalize(s);
  const root = api.parse(s).root;
  while (s.length > root.length && (s.endsWith(api.sep) || (platform === 'win32' && s.endsWith('/')))) {
    s = s.slice(0, -1);
  }
  if (platform === 'darwin') {
    s = s.normalize('NFC');
  }
  return ignoresCase(platform) ? s.toLowerCase() : s;
}

export function samePath(a: string, b: string, platform: Platform): boolean {
  return pathKey(a, platform) === pathKey(b, platform);
}

/** True when `child` is `folder` or inside it (by the platform's rules; no file system access). */
export function isInside(child: string, folder: string, platform: Platform): boolean {
  const c = pathKey(child, platform);
  const f = pathKey(folder, platform);
  if (c === f) {
    return true;
  }
  const sep = pathApi(platform).sep;
  return c.startsWith(f.endsWith(sep) ? f : f + sep);
}

/** The innermost of `folders` that contains `file`, or undefined (nested workspace folders: the deepest wins). */
export function folderOf(file: string, folders: readonly string[], platform: Platform): string | undefined {
  let best: string | undefined;
  for (const f of folders) {
    if (isInside(file, f, platform) && (best === undefined || pathKey(f, platform).length > pathKey(best, platform).length)) {
      best = f;
    }
  }
  return best;
}

/**
 * A key for a document URI: the path key of a file URI (so `file:///C:/x` and `file:///c%3A/X` meet on Windows),
 * the URI itself for any other scheme.
 */
export function uriKey(uri: string, platform: Platform): string {
  if (isFileUri(uri)) {
    try {
      return 'file:' + pathKey(fileUriToPath(uri, platform), platform);
    } catch {
      return uri;
    }
  }
  return uri;
}
