/**
 * Workspace trust for the two settings that name a program to run (notesLsp.server.path, notesLsp.dotnet.path).
 * In Restricted Mode a value from the workspace (.vscode/settings.json, a .code-workspace file, a folder's
 * settings) is never used: only the user's (or the remote machine's) value, or the default.
 */
import { parse, ParseError } from 'jsonc-parser';

/** The part of `WorkspaceConfiguration.inspect()` that matters here. */
export interface Inspection<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface Effective<T> {
  value: T | undefined;
  /** Where the value comes from. */
  source: 'workspaceFolder' | 'workspace' | 'user' | 'default' | 'none';
  /** A workspace value that was set but is not used because the workspace is not trusted. */
  ignored?: T;
}

/** The value VS Code would use, except that an untrusted workspace's own value is skipped. */
export function effectiveValue<T>(inspection: Inspection<T> | undefined, trusted: boolean): Effective<T> {
  if (!inspection) {
    return { value: undefined, source: 'none' };
  }
  const workspace =
    inspection.workspaceFolderValue !== undefined
      ? { value: inspection.workspaceFolderValue, source: 'workspaceFolder' as const }
      : inspection.workspaceValue !== undefined
        ? { value: inspection.workspaceValue, source: 'workspace' as const }
        : undefined;
  const outside =
    inspection.globalValue !== undefined
      ? { value: inspection.globalValue, source: 'user' as const }
      : inspection.defaultValue !== undefined
        ? { value: inspection.defaultValue, source: 'default' as const }
        : { value: undefined, source: 'none' as const };
  if (trusted) {
    return workspace ?? outside;
  }
  return workspace && workspace.value !== outside.value ? { ...outside, ignored: workspace.value } : outside;
}

/**
 * The restricted `keys` a settings file sets (a folder's .vscode/settings.json, or the `settings` of a
 * .code-workspace file when `workspaceFile`): VS Code itself drops them from an untrusted workspace's
 * configuration, so the extension reads the file to tell the user what it ignores. JSON with comments and
 * trailing commas, like VS Code reads it; an unreadable file sets nothing.
 */
export function restrictedValuesIn(text: string, keys: readonly string[], workspaceFile = false): Record<string, unknown> {
  const errors: ParseError[] = [];
  let root: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (workspaceFile) {
    root = root && typeof root === 'object' ? (root as Record<string, unknown>).settings : undefined;
  }
  const found: Record<string, unknown> = {};
  if (!root || typeof root !== 'object' || Array.isArray(root)) {
    return found;
  }
  for (const key of keys) {
    const value = (root as Record<string, unknown>)[key];
    if (value !== undefined && value !== null && value !== '') {
      found[key] = value;
    }
  }
  return found;
}
