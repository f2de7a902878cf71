/** Recognises a note dump by its content: one of its first lines holds `Issue Date: YYYY-MM-DD`. */

export const DETECT_LINES = 50;

const ISSUE_DATE = /Issue Date:\s*\d{4}-\d{2}-\d{2}/;

/** `lineAt(i)` gives the document's line `i` (0-based) of `lineCount`; only the first DETECT_LINES are looked at. */
export function looksLikeNoteDump(lineAt: (i: number) => string, lineCount: number): boolean {
  const n = Math.min(lineCount, DETECT_LINES);
  for (let i = 0; i < n; i++) {
    if (ISSUE_DATE.test(lineAt(i))) {
      return true;
    }
  }
  return false;
}
