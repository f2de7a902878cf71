import * as fs from 'node:fs';
import * as os from 'node:os';
import { isInside, pathApi, Platform } from './paths';

/** How to start `notes-lsp server`, and where it came from (for the output channel and errors). */
export interface ServerLaunch {
  command: string;
  args: string[];
  kind: 'setting' | 'native' | 'dotnet';
  description: string;
  /** Windows batch files (.cmd/.bat) only start through the shell (Node refuses them otherwise). */
  shell?: boolean;
  /** Settings that were set but not used, and why (Restricted Mode): told to the user once. */
  ignored: string[];
}

export class ServerNotFoundError extends Error {
  constructor(message: string, readonly setting: string) {
    super(message);
  }
}

/** What the resolution looks at on disk; replaced by a fake in tests of other platforms' rules. */
export interface FileProbe {
  isFile(p: string): boolean;
  /** Executable by the current user (always true for a file on win32). */
  isExecutable(p: string, platform: Platform): boolean;
  /** Gives a bundled binary back the executable bit a .vsix may have lost; true if it is executable now. */
  repairExecutable(p: string): boolean;
}

export interface ResolveInput {
  /** notesLsp.server.path, may be empty. */
  serverPath: string;
  /** notesLsp.dotnet.path, default `dotnet`. */
  dotnetPath: string;
  extensionPath: string;
  /** First workspace folder, to resolve a relative notesLsp.server.path and ${workspaceFolder}. */
  workspaceFolder?: string;
  /**
   * Restricted Mode: the folders of an untrusted workspace. A program inside one of them is never run
   * (a relative or ${workspaceFolder} path, or an absolute one that points there): the bundled server is used.
   */
  untrustedFolders?: readonly string[];
  platform?: Platform;
  arch?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  probe?: FileProbe;
}

const SERVER_ARGS = ['server'];

export const realProbe: FileProbe = {
  isFile(p) {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  },
  isExecutable(p, platform) {
    if (!realProbe.isFile(p)) {
      return false;
    }
    if (platform === 'win32') {
      return true;
    }
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  repairExecutable(p) {
    try {
      fs.chmodSync(p, 0o755);
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/** The folder name of the Native AOT build bundled in the extension: server/<platform>-<arch>. */
export function nativeFolder(platform: Platform = process.platform, arch: string = process.arch): string {
  return `${platform}-${arch}`;
}

function hasSeparator(s: string, platform: Platform): boolean {
  return s.includes('/') || (platform === 'win32' && s.includes('\\'));
}

/**
 * Expands `~` (home), `${workspaceFolder}` and a relative path with a separator (against the workspace folder).
 * A bare name (`dotnet`) stays bare: it is looked up on PATH.
 */
export function expandPath(p: string, workspaceFolder?: string, platform: Platform = process.platform, home: string = os.homedir()): string {
  const api = pathApi(platform);
  let s = p.trim();
  if (s === '~' || s.startsWith('~/') || (platform === 'win32' && s.startsWith('~\\'))) {
    s = api.join(home, s.slice(1));
  }
  if (workspaceFolder) {
    s = s.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (!api.isAbsolute(s) && workspaceFolder && hasSeparator(s, platform)) {
    s = api.join(workspaceFolder, s);
  }
  // One spelling per path (on Windows `/` becomes `\`); a bare name stays bare for the PATH search.
  return hasSeparator(s, platform) ? api.normalize(s) : s;
}

function pathEntries(env: NodeJS.ProcessEnv, platform: Platform): string[] {
  // Windows environment names are case-insensitive: `Path` is the usual spelling there.
  const key = platform === 'win32' ? Object.keys(env).find((k) => k.toUpperCase() === 'PATH') : 'PATH';
  const value = (key && env[key]) || '';
  return value.split(pathApi(platform).delimiter).filter((d) => d);
}

function windowsExtensions(env: NodeJS.ProcessEnv): string[] {
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATHEXT');
  return ((key && env[key]) || '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e);
}

/**
 * Finds a bare command name (`dotnet`) on PATH (with PATHEXT on Windows); an explicit path is checked as it is
 * (and, on Windows, with PATHEXT appended when it has no extension). `skip` rejects candidates (Restricted Mode).
 */
export function findExecutable(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: Platform = process.platform,
  probe: FileProbe = realProbe,
  skip: (candidate: string) => boolean = () => false,
): string | undefined {
  const api = pathApi(platform);
  const withExtensions = (base: string): string[] => {
    if (platform !== 'win32') {
      return [base];
    }
    const exts = windowsExtensions(env);
    const hasExt = exts.some((e) => base.toLowerCase().endsWith(e.toLowerCase()));
    return hasExt ? [base] : exts.map((e) => base + e.toLowerCase()).concat([base]);
  };
  if (hasSeparator(command, platform) || api.isAbsolute(command)) {
    return withExtensions(command).find((c) => !skip(c) && probe.isExecutable(c, platform));
  }
  const dirs = pathEntries(env, platform);
  if (platform !== 'win32') {
    // dotnet's usual install places, for a VS Code started from a desktop without the login PATH.
    const home = env.HOME || os.homedir();
    dirs.push('/usr/share/dotnet', '/usr/lib/dotnet', '/usr/local/share/dotnet', api.join(home, '.dotnet'));
  } else {
    const programFiles = Object.entries(env).find(([k]) => k.toUpperCase() === 'PROGRAMFILES')?.[1];
    if (programFiles) {
      dirs.push(api.join(programFiles, 'dotnet'));
    }
  }
  for (const dir of dirs) {
    for (const candidate of withExtensions(api.join(dir, command))) {
      if (!skip(candidate) && probe.isExecutable(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function needsShell(command: string, platform: Platform): boolean {
  return platform === 'win32' && /\.(cmd|bat)$/i.test(command);
}

function restricted(p: string, input: ResolveInput, platform: Platform): boolean {
  return (input.untrustedFolders ?? []).some((f) => isInside(p, f, platform));
}

function dotnetLaunch(dll: string, input: ResolveInput, kind: ServerLaunch['kind'], ignored: string[]): ServerLaunch {
  const platform = input.platform ?? process.platform;
  const probe = input.probe ?? realProbe;
  const env = input.env ?? process.env;
  const skip = (c: string) => restricted(c, input, platform);
  const dotnetSetting = input.dotnetPath.trim() || 'dotnet';
  const expanded = expandPath(dotnetSetting, input.workspaceFolder, platform, input.home);
  let dotnet = findExecutable(expanded, env, platform, probe);
  if (dotnet && skip(dotnet)) {
    ignored.push(`"notesLsp.dotnet.path" (${dotnet}) is inside this untrusted workspace, so it is not run`);
    dotnet = findExecutable('dotnet', env, platform, probe, skip);
  }
  if (!dotnet) {
    throw new ServerNotFoundError(
      `The .NET runtime was not found ("${dotnetSetting}"), so the notes-lsp server (${dll}) cannot start. ` +
        'Install the .NET 10 runtime, or set "notesLsp.dotnet.path" to the dotnet executable, ' +
        'or set "notesLsp.server.path" to a native notes-lsp executable.',
      'notesLsp.dotnet.path',
    );
  }
  return { command: dotnet, args: [dll, ...SERVER_ARGS], kind, description: `${dotnet} ${dll}`, shell: needsShell(dotnet, platform), ignored };
}

/**
 * Resolution order: setting notesLsp.server.path (an executable, or a .dll run with dotnet);
 * else the bundled Native AOT binary server/<platform>-<arch>/notes-lsp(.exe);
 * else the bundled framework-dependent server/any/NotesLsp.dll run with dotnet.
 * In Restricted Mode (untrustedFolders) a configured program inside the workspace is skipped, with a note in `ignored`.
 */
export function resolveServer(input: ResolveInput): ServerLaunch {
  const platform = input.platform ?? process.platform;
  const arch = input.arch ?? process.arch;
  const api = pathApi(platform);
  const probe = input.probe ?? realProbe;
  const ignored: string[] = [];
  const configured = input.serverPath.trim();
  if (configured) {
    const p = expandPath(configured, input.workspaceFolder, platform, input.home);
    if (restricted(p, input, platform)) {
      ignored.push(`"notesLsp.server.path" (${p}) is inside this untrusted workspace, so it is not run`);
    } else if (p.toLowerCase().endsWith('.dll')) {
      if (!probe.isFile(p)) {
        throw new ServerNotFoundError(`"notesLsp.server.path" is set to ${p}, which does not exist.`, 'notesLsp.server.path');
      }
      return dotnetLaunch(p, input, 'setting', ignored);
    } else {
      const exe = findExecutable(p, input.env ?? process.env, platform, probe, (c) => restricted(c, input, platform));
      if (!exe) {
        throw new ServerNotFoundError(
          `"notesLsp.server.path" is set to ${p}, which is not an executable file (or a NotesLsp.dll).`,
          'notesLsp.server.path',
        );
      }
      return { command: exe, args: [...SERVER_ARGS], kind: 'setting', description: exe, shell: needsShell(exe, platform), ignored };
    }
  }
  const native = api.join(input.extensionPath, 'server', nativeFolder(platform, arch), platform === 'win32' ? 'notes-lsp.exe' : 'notes-lsp');
  if (probe.isExecutable(native, platform) || (probe.isFile(native) && probe.repairExecutable(native))) {
    return { command: native, args: [...SERVER_ARGS], kind: 'native', description: native, ignored };
  }
  const dll = api.join(input.extensionPath, 'server', 'any', 'NotesLsp.dll');
  if (probe.isFile(dll)) {
    return dotnetLaunch(dll, input, 'dotnet', ignored);
  }
  throw new ServerNotFoundError(
    `No notes-lsp server was found: this extension has neither server/${nativeFolder(platform, arch)}/notes-lsp nor server/any/NotesLsp.dll. ` +
      'Set "notesLsp.server.path" to a notes-lsp executable or NotesLsp.dll.',
    'notesLsp.server.path',
  );
}
