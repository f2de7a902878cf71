/**
 * When a server that was running stops by itself (killed, crashed), the client restarts it, a little later each
 * time; the `maxCrashes`-th crash within `windowMs` stops it for good, until the user restarts it.
 * Default: restart after crashes 1 to 4, stop at the 5th within 3 minutes (vscode-languageclient's own default
 * policy, made explicit so that it can be tested and the messages are the extension's).
 */
export interface CrashDecision {
  restart: boolean;
  /** Crashes within the window, this one included. */
  count: number;
  /** Wait this long before restarting (grows with the count: 250 ms, 500 ms, 1 s, 2 s...). */
  delayMs: number;
}

export class CrashPolicy {
  private crashes: number[] = [];

  constructor(
    readonly maxCrashes = 5,
    readonly windowMs = 3 * 60 * 1000,
  ) {}

  crashed(now: number): CrashDecision {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    const count = this.crashes.length;
    return { restart: count < this.maxCrashes, count, delayMs: Math.min(250 * 2 ** (count - 1), 4000) };
  }

  /** The user started the server again: forget the crashes. */
  reset(): void {
    this.crashes = [];
  }
}
