/**
 * One Reviewtray per user: a second launch hands its command line to the first (which focuses its
 * window) and quits. Two instances would both pop up every review and fight over reviews.json.
 */
import type { App } from 'electron';

export type SingleInstanceApp = Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>;

export interface SingleInstanceDeps {
  app: SingleInstanceApp;
  onSecondInstance(argv: string[]): void;
}

/** True when this process is the one instance; false means it is quitting. */
export function setupSingleInstance(deps: SingleInstanceDeps): boolean {
  if (!deps.app.requestSingleInstanceLock()) {
    deps.app.quit();
    return false;
  }
  deps.app.on('second-instance', (_event, argv) => deps.onSecondInstance(argv));
  return true;
}
