import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** How to start `notes-lsp server`, and where it came from (for the output channel and errors). */
export interface ServerLaunch {
  command: string;
  args: string[];
  /** 'setting' | 'native' | 'dotnet' */
  kind: 'setting' | 'native' | 'dotnet';
  description: string;
}

export class ServerNotFoundError extends Error {
  constructor(message: string, readonly setting: string) {
    super(message);
  }
}

export interface ResolveInput {
  /** notesLsp.server.path, may be empty. */
  serverPath: string;
  /** notesLsp.dotnet.path, default `dotnet`. */
  dotnetPath: string;
  extensionPath: string;
  /** First workspace folder, to resolve a relative notesLsp.server.path. */
  workspaceFolder?: string;
  platform?: NodeJS.Platform;
  arch?: string;
  env?: NodeJS.ProcessEnv;
}

const SERVER_ARGS = ['server'];

/** The folder name of the Native AOT build bundled in the extension: server/<platform>-<arch>. */
export function nativeFolder(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return `${platform}-${arch}`;
}

export function expandPath(p: string, workspaceFolder?: string): string {
  let s = p.trim();
  if (s === '~' || s.startsWith('~/')) {
    s = path.join(os.homedir(), s.slice(1));
  }
  if (workspaceFolder) {
    s = s.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (!path.isAbsolute(s) && workspaceFolder && (s.includes('/') || s.includes('\\'))) {
    s = path.join(workspaceFolder, s);
  }
  return s;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isExecutable(p: string, platform: NodeJS.Platform): boolean {
  if (!isFile(p)) {
    return false;
  }
  if (platform === 'win32') {
    return true;
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    // A .vsix may lose the executable bit: restore it once.
    try {
      fs.chmodSync(p, 0o755);
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
}

/** Finds a bare command name (`dotnet`) on PATH; returns an absolute or explicit path unchanged if it exists. */
export function findExecutable(command: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (command.includes('/') || command.includes('\\')) {
    return isFile(command) ? command : undefined;
  }
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').concat(['']) : [''];
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d);
  if (platform !== 'win32') {
    // dotnet's usual install places, for a VS Code started from a desktop without the login PATH.
    dirs.push('/usr/share/dotnet', '/usr/lib/dotnet', '/usr/local/share/dotnet', path.join(os.homedir(), '.dotnet'));
  }
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (isExecutable(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function dotnetLaunch(dll: string, input: ResolveInput, kind: ServerLaunch['kind']): ServerLaunch {
  const platform = input.platform ?? process.platform;
  const dotnetSetting = input.dotnetPath.trim() || 'dotnet';
  const dotnet = findExecutable(expandPath(dotnetSetting, input.workspaceFolder), input.env, platform);
  if (!dotnet) {
    throw new ServerNotFoundError(
      `The .NET runtime was not found ("${dotnetSetting}"), so the notes-lsp server (${dll}) cannot start. ` +
        'Install the .NET 10 runtime, or set "notesLsp.dotnet.path" to the dotnet executable, ' +
        'or set "notesLsp.server.path" to a native notes-lsp executable.',
      'notesLsp.dotnet.path',
    );
  }
  return { command: dotnet, args: [dll, ...SERVER_ARGS], kind, description: `${dotnet} ${dll}` };
}

/**
 * Resolution order: setting notesLsp.server.path (an executable, or a .dll run with dotnet);
 * else the bundled Native AOT binary server/<platform>-<arch>/notes-lsp;
 * else the bundled framework-dependent server/any/NotesLsp.dll run with dotnet.
 */
export function resolveServer(input: ResolveInput): ServerLaunch {
  const platform = input.platform ?? process.platform;
  const arch = input.arch ?? process.arch;
  const configured = input.serverPath.trim();
  if (configured) {
    const p = expandPath(configured, input.workspaceFolder);
    if (p.toLowerCase().endsWith('.dll')) {
      if (!isFile(p)) {
        throw new ServerNotFoundError(`"notesLsp.server.path" is set to ${p}, which does not exist.`, 'notesLsp.server.path');
      }
      return dotnetLaunch(p, input, 'setting');
    }
    const exe = findExecutable(p, input.env, platform);
    if (!exe || !isExecutable(exe, platform)) {
      throw new ServerNotFoundError(
        `"notesLsp.server.path" is set to ${p}, which is not an executable file (or a NotesLsp.dll).`,
        'notesLsp.server.path',
      );
    }
    return { command: exe, args: [...SERVER_ARGS], kind: 'setting', description: exe };
  }
  const native = path.join(input.extensionPath, 'server', nativeFolder(platform, arch), platform === 'win32' ? 'notes-lsp.exe' : 'notes-lsp');
  if (isExecutable(native, platform)) {
    return { command: native, args: [...SERVER_ARGS], kind: 'native', description: native };
  }
  const dll = path.join(input.extensionPath, 'server', 'any', 'NotesLsp.dll');
  if (isFile(dll)) {
    return dotnetLaunch(dll, input, 'dotnet');
  }
  throw new ServerNotFoundError(
    `No notes-lsp server was found: this extension has neither server/${nativeFolder(platform, arch)}/notes-lsp nor server/any/NotesLsp.dll. ` +
      'Set "notesLsp.server.path" to a notes-lsp executable or NotesLsp.dll.',
    'notesLsp.server.path',
  );
}
