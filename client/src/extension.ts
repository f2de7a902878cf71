import { ChildProcess, spawn } from 'node:child_process';
import * as vscode from 'vscode';
import {
  CloseAction,
  Location as LspLocation,
  Position as LspPosition,
  CloseHandlerResult,
  ErrorAction,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { CrashPolicy } from './crashPolicy';
import { looksLikeNoteDump } from './detect';
import { uriKey } from './paths';
import { resolveServer, ServerLaunch, ServerNotFoundError } from './serverPath';
import { effectiveValue, restrictedValuesIn } from './trust';

const LANGUAGE_ID = 'notes';
const SECTION = 'notesLsp';
/** The settings that name a program to run: restricted in untrusted workspaces (package.json capabilities). */
const RESTRICTED = [`${SECTION}.server.path`, `${SECTION}.dotnet.path`];

let output: vscode.OutputChannel;
let status: vscode.LanguageStatusItem | undefined;
let session: Session | undefined;
let starting: Promise<void> | undefined;
let extensionPath = '';
const crashes = new CrashPolicy();

/** Documents this extension switched to `notes` once: if the user switches one back, leave it. */
const autoSwitched = new Set<string>();

/**
 * vscode-languageclient shows some errors itself ("couldn't create connection to server"); this extension
 * tells the user about start failures and crashes itself, with the settings or the log to look at, so the
 * library only writes to the output channel.
 */
class NotesLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
  }
}

/** One LanguageClient and the server processes it ran (it is started again on the same instance after a crash). */
interface Session {
  client: NotesLanguageClient;
  /** The launch used by the next start (set for the first one, resolved again for restarts after a crash). */
  nextLaunch?: ServerLaunch;
  launch?: ServerLaunch;
  process?: ChildProcess;
  /** The server answered initialize once: later closes are crashes. */
  ranOnce: boolean;
  /** Stopped on purpose (restart command, settings, trust, deactivate). */
  stopping: boolean;
  /** Why the last start failed before a connection existed (no program, spawn error). */
  startError?: Error;
  exitText?: string;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel('NotesLsp');
  context.subscriptions.push(output);

  status = vscode.languages.createLanguageStatusItem('notesLsp.status', { language: LANGUAGE_ID });
  status.name = 'NotesLsp';
  status.text = 'notes-lsp';
  status.command = { title: 'Show output', command: 'notesLsp.showOutput' };
  context.subscriptions.push(status);

  context.subscriptions.push(
    vscode.commands.registerCommand('notesLsp.restartServer', () =>
      serialized(async () => {
        output.appendLine('[client] restarting the server on request');
        crashes.reset();
        await stopClient();
        await ensureStarted(true);
      }),
    ),
    vscode.commands.registerCommand('notesLsp.showOutput', () => output.show(true)),
    // The server's code lenses run this with LSP arguments (uri, position, locations): show them in the references peek.
    vscode.commands.registerCommand('notesLsp.showReferences', (uri: string, position: unknown, locations: unknown[]) => showReferences(uri, position, locations)),
  );

  // Auto-detection of dumps saved with other extensions (.txt).
  for (const doc of vscode.workspace.textDocuments) {
    void maybeSwitchLanguage(doc);
  }
  const pendingUntitled = new Map<string, NodeJS.Timeout>();
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      openDocumentKeys = undefined;
      void maybeSwitchLanguage(doc);
      if (doc.languageId === LANGUAGE_ID) {
        void ensureStarted(false);
      }
    }),
    vscode.workspace.onDidCloseTextDocument(() => {
      openDocumentKeys = undefined;
    }),
    // An untitled plain-text buffer gets its text after it opens (paste): look again, debounced.
    vscode.workspace.onDidChangeTextDocument((e) => {
      const doc = e.document;
      if (doc.uri.scheme !== 'untitled' || doc.languageId !== 'plaintext') {
        return;
      }
      const key = doc.uri.toString();
      clearTimeout(pendingUntitled.get(key));
      pendingUntitled.set(
        key,
        setTimeout(() => {
          pendingUntitled.delete(key);
          void maybeSwitchLanguage(doc);
        }, 300),
      );
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (RESTRICTED.some((s) => e.affectsConfiguration(s))) {
        await reconsider('the server location changed');
      }
      if (e.affectsConfiguration(`${SECTION}.autoDetect`)) {
        vscode.workspace.textDocuments.forEach((d) => void maybeSwitchLanguage(d));
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.appendLine('[client] the workspace is trusted now: its settings for the server are used');
      await reconsider('workspace trusted');
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(async () => {
      if (!vscode.workspace.isTrusted) {
        await reconsider('workspace folders changed');
      }
    }),
  );

  if (vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID)) {
    await ensureStarted(false);
  }
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

async function maybeSwitchLanguage(doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId !== 'plaintext' || doc.isClosed) {
    return;
  }
  if (!vscode.workspace.getConfiguration(SECTION, doc.uri).get<boolean>('autoDetect', true)) {
    return;
  }
  const key = doc.uri.toString();
  if (autoSwitched.has(key)) {
    return;
  }
  if (!looksLikeNoteDump((i) => doc.lineAt(i).text, doc.lineCount)) {
    return;
  }
  autoSwitched.add(key);
  try {
    await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    output.appendLine(`[client] ${doc.uri.fsPath || key} looks like a note dump: language set to "${LANGUAGE_ID}"`);
  } catch (err) {
    output.appendLine(`[client] could not set the language of ${key}: ${String(err)}`);
  }
}

/** Runs VS Code's references peek for a code lens: the LSP arguments converted with the client's own converter. */
async function showReferences(uri: string, position: unknown, locations: unknown[]): Promise<void> {
  const c = session?.client;
  if (!c) {
    return;
  }
  const p2c = c.protocol2CodeConverter;
  const refs = await p2c.asReferences((locations ?? []) as LspLocation[]);
  await vscode.commands.executeCommand('editor.action.showReferences', p2c.asUri(uri), p2c.asPosition(position as LspPosition), refs);
}

function featureSettings(): { inlayHints: { enabled: boolean; maxLength: number }; diagnostics: { closedDumpInformation: boolean } } {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    inlayHints: { enabled: config.get<boolean>('inlayHints.enabled', true), maxLength: config.get<number>('inlayHints.maxLength', 40) },
    diagnostics: { closedDumpInformation: config.get<boolean>('diagnostics.closedDumpInformation', false) },
  };
}

function rules(): Record<string, string> {
  const value = vscode.workspace.getConfiguration(SECTION).get<Record<string, string>>('rules', {});
  return value && typeof value === 'object' ? { ...value } : {};
}

// ---------------------------------------------------------------------------------------------------------------
// Where the server is, with workspace trust

function localFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Resolves the server; in Restricted Mode the workspace's own paths are ignored (and collected in `ignored`). */
function resolve(): ServerLaunch {
  const config = vscode.workspace.getConfiguration(SECTION);
  const trusted = vscode.workspace.isTrusted;
  const server = effectiveValue(config.inspect<string>('server.path'), trusted);
  const dotnet = effectiveValue(config.inspect<string>('dotnet.path'), trusted);
  const launch = resolveServer({
    serverPath: server.value ?? '',
    dotnetPath: dotnet.value || 'dotnet',
    extensionPath,
    workspaceFolder: localFolders()[0],
    untrustedFolders: trusted ? undefined : localFolders(),
  });
  if (server.ignored !== undefined) {
    launch.ignored.unshift(`the workspace sets "notesLsp.server.path" to ${JSON.stringify(server.ignored)}`);
  }
  if (dotnet.ignored !== undefined) {
    launch.ignored.unshift(`the workspace sets "notesLsp.dotnet.path" to ${JSON.stringify(dotnet.ignored)}`);
  }
  return launch;
}

/**
 * VS Code drops restricted settings from an untrusted workspace before the extension sees them: to say what is
 * ignored, read the workspace's settings files.
 */
async function ignoredWorkspaceSettings(): Promise<string[]> {
  if (vscode.workspace.isTrusted) {
    return [];
  }
  const files: { uri: vscode.Uri; workspaceFile: boolean }[] = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
    uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'),
    workspaceFile: false,
  }));
  const wsFile = vscode.workspace.workspaceFile;
  if (wsFile && wsFile.scheme !== 'untitled') {
    files.push({ uri: wsFile, workspaceFile: true });
  }
  const found: string[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f.uri));
    } catch {
      continue;
    }
    for (const [key, value] of Object.entries(restrictedValuesIn(text, RESTRICTED, f.workspaceFile))) {
      found.push(`${vscode.workspace.asRelativePath(f.uri)} sets "${key}" to ${JSON.stringify(value)}`);
    }
  }
  return found;
}

let restrictedNoticeShown = false;

/** Tells the user once per session why a configured server is not used in Restricted Mode. */
async function noticeRestricted(launch: ServerLaunch): Promise<void> {
  if (vscode.workspace.isTrusted) {
    return;
  }
  const reasons = [...new Set([...launch.ignored, ...(await ignoredWorkspaceSettings())])];
  if (reasons.length === 0) {
    return;
  }
  output.appendLine(`[client] Restricted Mode: ${reasons.join('; ')}: not used, the ${launch.kind === 'setting' ? 'user-configured' : 'bundled'} server runs instead`);
  if (restrictedNoticeShown) {
    return;
  }
  restrictedNoticeShown = true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showInformationMessage(
    `NotesLsp: this folder is in Restricted Mode, so the server it configures is not run (${reasons.join('; ')}). ` +
      `The ${launch.kind === 'setting' ? 'server from your user settings' : 'bundled notes-lsp server'} is used; trust the folder to use its setting.`,
    manage,
  );
  if (choice === manage) {
    await vscode.commands.executeCommand('workbench.trust.manage');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// URIs: the server may spell a file's URI differently from VS Code (drive letter case, %3A, path case on
// Windows and macOS); map such URIs to the open document's own URI so diagnostics and edits land on it.

let openDocumentKeys: Map<string, vscode.Uri> | undefined;

function toCodeUri(value: string): vscode.Uri {
  const parsed = vscode.Uri.parse(value);
  if (parsed.scheme !== 'file') {
    return parsed;
  }
  if (!openDocumentKeys) {
    openDocumentKeys = new Map();
    for (const d of vscode.workspace.textDocuments) {
      if (d.uri.scheme === 'file') {
        openDocumentKeys.set(uriKey(d.uri.toString(), process.platform), d.uri);
      }
    }
  }
  return openDocumentKeys.get(uriKey(value, process.platform)) ?? parsed;
}

// ---------------------------------------------------------------------------------------------------------------
// Starting, stopping, crashes

function setStatus(text: string, detail: string, severity: vscode.LanguageStatusSeverity, busy = false): void {
  if (!status) {
    return;
  }
  status.text = text;
  status.detail = detail;
  status.severity = severity;
  status.busy = busy;
}

/** Runs restarts one after another (commands, settings and trust can ask at the same time). */
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

function sameLaunch(a: ServerLaunch | undefined, b: ServerLaunch | undefined): boolean {
  return !!a && !!b && a.command === b.command && a.args.join('\0') === b.args.join('\0');
}

/** Settings or trust changed: restart when the server to run is another one, or when none runs. */
function reconsider(reason: string): Promise<void> {
  return serialized(async () => {
    const s = session;
    let next: ServerLaunch | undefined;
    try {
      next = resolve();
    } catch {
      next = undefined;
    }
    if (s && s.client.state === State.Running && sameLaunch(next, s.launch)) {
      return;
    }
    if (!s && !vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID)) {
      return;
    }
    output.appendLine(`[client] ${reason}: restarting the server`);
    crashes.reset();
    await stopClient();
    await ensureStarted(true);
  });
}

async function ensureStarted(userAsked: boolean): Promise<void> {
  if (session) {
    return;
  }
  if (starting) {
    return starting;
  }
  starting = startClient(userAsked).finally(() => {
    starting = undefined;
  });
  return starting;
}

let reportedMissing = false;

function spawnServer(s: Session, launch: ServerLaunch): Promise<ChildProcess> {
  return new Promise((resolveSpawn, rejectSpawn) => {
    const quote = (a: string) => (launch.shell && /[\s"&()^]/.test(a) ? `"${a.replace(/"/g, '""')}"` : a);
    const child = spawn(quote(launch.command), launch.args.map(quote), {
      env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      stdio: 'pipe',
      shell: launch.shell ?? false,
      windowsHide: true,
    });
    child.on('error', (err) => {
      output.appendLine(`[client] server process: ${err.message}`);
      rejectSpawn(err); // (no effect once it started)
    });
    child.once('spawn', () => {
      output.appendLine(`[client] server started: pid ${child.pid} (${launch.kind}) ${launch.description}`);
      s.process = child;
      s.exitText = undefined;
      child.once('exit', (code, signal) => {
        s.exitText = signal ? `killed by ${signal}` : `exit code ${code}`;
        output.appendLine(`[client] server pid ${child.pid} ended: ${s.exitText}`);
      });
      resolveSpawn(child);
    });
  });
}

async function startClient(userAsked: boolean): Promise<void> {
  let launch: ServerLaunch;
  try {
    launch = resolve();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const setting = err instanceof ServerNotFoundError ? err.setting : `${SECTION}.server.path`;
    output.appendLine(`[client] ${message}`);
    setStatus('notes-lsp: not found', message, vscode.LanguageStatusSeverity.Error);
    if (userAsked || !reportedMissing) {
      reportedMissing = true;
      void showStartError(`NotesLsp: ${message}`, setting);
    }
    return;
  }
  void noticeRestricted(launch);

  // A function, not an Executable: each start (the first one and restarts after a crash) resolves the server
  // again, and the extension knows the process (its pid is logged; it is killed if it outlives a stop).
  const serverOptions: ServerOptions = async () => {
    const s = current;
    s.startError = undefined;
    try {
      const l = s.nextLaunch ?? resolve();
      s.nextLaunch = undefined;
      s.launch = l;
      output.appendLine(`[client] starting the server (${l.kind}): ${l.command} ${l.args.join(' ')}`);
      return await spawnServer(s, l);
    } catch (err) {
      s.startError = err instanceof Error ? err : new Error(String(err));
      throw s.startError;
    }
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_ID, scheme: 'file' },
      { language: LANGUAGE_ID, scheme: 'untitled' },
    ],
    // The whole notesLsp section (rules, inlayHints.*, diagnostics.*) goes to the server on every change
    // (workspace/didChangeConfiguration); the first requests already see it in the initialization options.
    synchronize: { configurationSection: SECTION },
    initializationOptions: () => ({ rules: rules(), ...featureSettings() }),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    uriConverters: { code2Protocol: (uri) => uri.toString(), protocol2Code: toCodeUri },
    errorHandler: {
      error: async (error, _message, count): Promise<ErrorHandlerResult> => {
        output.appendLine(`[client] connection error${count ? ` (${count})` : ''}: ${error.message}`);
        // A server that died shows up here first when a message is being written to it (EPIPE): continue,
        // and let `closed` restart it. (Shutdown would stop the client, and `closed` is not called then.)
        await exited(current.process, 300);
        const gone = !current.process || current.process.exitCode !== null || current.process.signalCode !== null;
        if (gone || count === undefined || count <= 3) {
          return { action: ErrorAction.Continue, handled: true };
        }
        // A live server whose messages keep failing: the library stops it; say so, as for a crash loop.
        const text = `the connection to the notes-lsp server kept failing (${error.message}), so the server was stopped`;
        output.appendLine(`[client] ${text}. Run "NotesLsp: Restart server" to start it again.`);
        setStatus('notes-lsp: stopped', text, vscode.LanguageStatusSeverity.Error);
        void showStopped(`NotesLsp: ${text}. Its log is in the NotesLsp output.`);
        return { action: ErrorAction.Shutdown, handled: true, message: 'Connection to the server is failing: stopping it.' };
      },
      closed: async (): Promise<CloseHandlerResult> => {
        await exited(current.process, 300); // to say how it ended (signal, exit code)
        return onServerClosed(current);
      },
    },
  };
  const current: Session = {
    client: new NotesLanguageClient('notesLsp', 'NotesLsp', serverOptions, clientOptions),
    nextLaunch: launch,
    ranOnce: false,
    stopping: false,
  };
  const c = current.client;
  c.onDidChangeState((e) => {
    if (session !== current) {
      return;
    }
    if (e.newState === State.Running) {
      current.ranOnce = true;
      output.appendLine(`[client] server pid ${current.process?.pid} is ready`);
      const l = current.launch ?? launch;
      setStatus('notes-lsp', `running (${l.kind}): ${l.description}`, vscode.LanguageStatusSeverity.Information);
    } else if (e.newState === State.Starting) {
      setStatus('notes-lsp', 'starting', vscode.LanguageStatusSeverity.Information, true);
    }
  });
  session = current;
  try {
    await c.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`[client] the server failed to start: ${message}`);
    setStatus('notes-lsp: failed', message, vscode.LanguageStatusSeverity.Error);
    if (session === current) {
      session = undefined;
    }
    await disposeSession(current);
    const l = current.launch ?? launch;
    const hint =
      l.kind === 'dotnet' || l.command.toLowerCase().includes('dotnet')
        ? ' Is the .NET 10 runtime installed? Set "notesLsp.dotnet.path", or "notesLsp.server.path" to a native notes-lsp.'
        : ' Check "notesLsp.server.path".';
    void showStartError(
      `NotesLsp: the server (${l.description}) failed to start: ${message}.${hint}`,
      l.kind === 'dotnet' ? `${SECTION}.dotnet.path` : `${SECTION}.server.path`,
    );
  }
}

/** The connection to a server closed without a stop: restart it (a little later each time) or give up. */
function onServerClosed(s: Session): CloseHandlerResult {
  // DoNotRestart: the library cleans up and logs `message`; restarts are the extension's (restartAfterCrash).
  const done: CloseHandlerResult = { action: CloseAction.DoNotRestart, handled: true, message: 'Connection to the server closed.' };
  if (session !== s || s.stopping || !s.ranOnce) {
    // A stop on purpose, or a first start that failed (startClient reports that one).
    return done;
  }
  const d = crashes.crashed(Date.now());
  const what = s.exitText ? ` (${s.exitText})` : '';
  if (d.restart) {
    output.appendLine(
      `[client] the server stopped unexpectedly${what}: restarting it in ${d.delayMs} ms ` +
        `(crash ${d.count}; at ${crashes.maxCrashes} within ${crashes.windowMs / 60000} minutes it is not restarted)`,
    );
    setStatus('notes-lsp: restarting', `the server stopped unexpectedly${what}`, vscode.LanguageStatusSeverity.Warning, true);
    // The library restarts nothing (DoNotRestart): its cleanup disposes the old diagnostics, then the same
    // client starts again, re-sends every open document with its current text, and the new server publishes.
    setTimeout(() => void restartAfterCrash(s), d.delayMs);
  } else {
    const text = `the notes-lsp server crashed ${d.count} times in the last ${crashes.windowMs / 60000} minutes${what}, so it was not restarted`;
    output.appendLine(`[client] ${text}. Run "NotesLsp: Restart server" to start it again.`);
    setStatus('notes-lsp: stopped', `${text}. See the output; "NotesLsp: Restart server" starts it again.`, vscode.LanguageStatusSeverity.Error);
    void showStopped(`NotesLsp: ${text}. Its log is in the NotesLsp output.`);
  }
  return done;
}

async function restartAfterCrash(s: Session): Promise<void> {
  await serialized(async () => {
    if (session !== s || s.stopping) {
      return;
    }
    // The library finishes its cleanup after `closed` returns.
    for (let i = 0; i < 50 && s.client.state !== State.Stopped; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      await s.client.start();
      if (s.client.state === State.Running) {
        output.appendLine('[client] the server is running again; open documents were sent to it');
      }
    } catch (err) {
      if (s.startError && session === s) {
        // No new process at all (the program is gone, or cannot run): nothing to retry.
        const text = `the notes-lsp server stopped unexpectedly and could not be started again: ${s.startError.message}`;
        output.appendLine(`[client] ${text}`);
        setStatus('notes-lsp: stopped', text, vscode.LanguageStatusSeverity.Error);
        void showStopped(`NotesLsp: ${text}.`);
      } else {
        // The new server went away during initialize: `closed` counted it as a crash and decided.
        output.appendLine(`[client] restart failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  });
}

/** Resolves when `p` has exited, or after `ms`. */
function exited(p: ChildProcess | undefined, ms: number): Promise<void> {
  return new Promise((r) => {
    if (!p || p.exitCode !== null || p.signalCode !== null) {
      return r();
    }
    const timer = setTimeout(r, ms);
    p.once('exit', () => {
      clearTimeout(timer);
      r();
    });
  });
}

async function showStopped(message: string): Promise<void> {
  const showLog = 'Show Log';
  const restart = 'Restart Server';
  const choice = await vscode.window.showErrorMessage(message, showLog, restart);
  if (choice === showLog) {
    output.show(true);
  } else if (choice === restart) {
    await vscode.commands.executeCommand('notesLsp.restartServer');
  }
}

async function disposeSession(s: Session): Promise<void> {
  s.stopping = true;
  try {
    if (s.client.isRunning()) {
      await s.client.stop(5000);
    }
  } catch (err) {
    output.appendLine(`[client] stopping the server: ${String(err)}`);
  }
  try {
    await s.client.dispose();
  } catch {
    // already disposed
  }
  // The server exits on `exit`; one that does not is killed.
  const p = s.process;
  if (p && p.exitCode === null && p.signalCode === null) {
    await exited(p, 2000);
    if (p.exitCode === null && p.signalCode === null) {
      output.appendLine(`[client] server pid ${p.pid} did not exit: killing it`);
      p.kill();
    }
  }
}

async function stopClient(): Promise<void> {
  const s = session;
  session = undefined;
  if (s) {
    await disposeSession(s);
  }
}

async function showStartError(message: string, setting: string): Promise<void> {
  const openSettings = 'Open Settings';
  const showOutput = 'Show Output';
  const choice = await vscode.window.showErrorMessage(message, openSettings, showOutput);
  if (choice === openSettings) {
    await openSetting(setting);
  } else if (choice === showOutput) {
    output.show(true);
  }
}

/**
 * Opens the Settings editor on `setting`. The server and dotnet paths are machine settings: in a remote
 * window (SSH, WSL, containers, code-server) VS Code takes them from the Remote settings only.
 */
async function openSetting(setting: string): Promise<void> {
  const machineScoped = RESTRICTED.includes(setting);
  if (machineScoped && vscode.env.remoteName) {
    try {
      await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query: setting });
      return;
    } catch {
      // older VS Code: fall through to the user settings
    }
  }
  await vscode.commands.executeCommand('workbench.action.openSettings', setting);
}
