import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { looksLikeNoteDump } from './detect';
import { resolveServer, ServerLaunch, ServerNotFoundError } from './serverPath';

const LANGUAGE_ID = 'notes';
const SECTION = 'notesLsp';

let output: vscode.OutputChannel;
let status: vscode.LanguageStatusItem | undefined;
let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
let extensionPath = '';

/** Documents this extension switched to `notes` once: if the user switches one back, leave it. */
const autoSwitched = new Set<string>();

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
    vscode.commands.registerCommand('notesLsp.restartServer', async () => {
      output.appendLine('[client] restarting the server on request');
      await stopClient();
      await ensureStarted(true);
    }),
    vscode.commands.registerCommand('notesLsp.showOutput', () => output.show(true)),
  );

  // Auto-detection of dumps saved with other extensions (.txt).
  for (const doc of vscode.workspace.textDocuments) {
    void maybeSwitchLanguage(doc);
  }
  const pendingUntitled = new Map<string, NodeJS.Timeout>();
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      void maybeSwitchLanguage(doc);
      if (doc.languageId === LANGUAGE_ID) {
        void ensureStarted(false);
      }
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
      if (e.affectsConfiguration(`${SECTION}.server.path`) || e.affectsConfiguration(`${SECTION}.dotnet.path`)) {
        output.appendLine('[client] server location changed: restarting');
        await stopClient();
        await ensureStarted(true);
      }
      if (e.affectsConfiguration(`${SECTION}.autoDetect`)) {
        vscode.workspace.textDocuments.forEach((d) => void maybeSwitchLanguage(d));
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

function rules(): Record<string, string> {
  const value = vscode.workspace.getConfiguration(SECTION).get<Record<string, string>>('rules', {});
  return value && typeof value === 'object' ? { ...value } : {};
}

function resolve(): ServerLaunch {
  const config = vscode.workspace.getConfiguration(SECTION);
  return resolveServer({
    serverPath: config.get<string>('server.path', ''),
    dotnetPath: config.get<string>('dotnet.path', 'dotnet'),
    extensionPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
}

function setStatus(text: string, detail: string, severity: vscode.LanguageStatusSeverity, busy = false): void {
  if (!status) {
    return;
  }
  status.text = text;
  status.detail = detail;
  status.severity = severity;
  status.busy = busy;
}

async function ensureStarted(userAsked: boolean): Promise<void> {
  if (client) {
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
  output.appendLine(`[client] starting the server (${launch.kind}): ${launch.command} ${launch.args.join(' ')}`);

  const serverOptions: ServerOptions = {
    command: launch.command,
    args: launch.args,
    transport: TransportKind.stdio,
    options: {
      env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_ID, scheme: 'file' },
      { language: LANGUAGE_ID, scheme: 'untitled' },
    ],
    synchronize: { configurationSection: SECTION },
    initializationOptions: () => ({ rules: rules() }),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  const c = new LanguageClient('notesLsp', 'NotesLsp', serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      setStatus('notes-lsp', `running (${launch.kind}): ${launch.description}`, vscode.LanguageStatusSeverity.Information);
    } else if (e.newState === State.Starting) {
      setStatus('notes-lsp', 'starting', vscode.LanguageStatusSeverity.Information, true);
    } else if (client === c) {
      setStatus('notes-lsp: stopped', 'The server is not running. Run "NotesLsp: Restart server".', vscode.LanguageStatusSeverity.Warning);
    }
  });
  client = c;
  try {
    await c.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.appendLine(`[client] the server failed to start: ${message}`);
    setStatus('notes-lsp: failed', message, vscode.LanguageStatusSeverity.Error);
    if (client === c) {
      client = undefined;
    }
    try {
      await c.dispose();
    } catch {
      // already gone
    }
    const hint =
      launch.kind === 'dotnet' || launch.command.toLowerCase().includes('dotnet')
        ? ' Is the .NET 10 runtime installed? Set "notesLsp.dotnet.path", or "notesLsp.server.path" to a native notes-lsp.'
        : ' Check "notesLsp.server.path".';
    void showStartError(`NotesLsp: the server (${launch.description}) failed to start: ${message}.${hint}`, launch.kind === 'dotnet' ? `${SECTION}.dotnet.path` : `${SECTION}.server.path`);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) {
    return;
  }
  try {
    if (c.isRunning()) {
      await c.stop(5000);
    }
  } catch (err) {
    output.appendLine(`[client] stopping the server: ${String(err)}`);
  }
  try {
    await c.dispose();
  } catch {
    // already disposed
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
  const machineScoped = setting === `${SECTION}.server.path` || setting === `${SECTION}.dotnet.path`;
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
