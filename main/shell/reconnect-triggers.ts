/**
 * Reconnect at once instead of waiting out a backoff: after resume from sleep, on unlock, and when
 * the network comes back. Electron has no "online" event in the main process, so net.isOnline() is
 * polled; powerMonitor and net come in as deps.
 *
 * Resume from sleep always reconnects: the socket is almost always dead by then, and waiting for
 * the heartbeat watchdog would mean up to two intervals of silence. Unlocking the screen says
 * nothing about the network (a locked, awake machine keeps its connection), so it reconnects only
 * when the connection is not healthy: dropping a good one would replay the backlog for nothing.
 */
import type { Net, PowerMonitor } from 'electron';

export interface ReconnectTriggerDeps {
  powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener'>;
  net: Pick<Net, 'isOnline'>;
  reconnectNow(reason: string): void;
  /** Connected, with traffic from the relay within the last heartbeat interval. */
  connectionIsHealthy(): boolean;
  pollMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export function setupReconnectTriggers(deps: ReconnectTriggerDeps): { dispose(): void } {
  const onResume = () => deps.reconnectNow('resume from sleep');
  const onUnlock = () => {
    if (!deps.connectionIsHealthy()) deps.reconnectNow('screen unlocked');
  };
  deps.powerMonitor.on('resume', onResume);
  deps.powerMonitor.on('unlock-screen', onUnlock);

  const every = deps.setInterval ?? ((fn, ms) => setInterval(fn, ms).unref());
  const stopEvery = deps.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout));
  let online = deps.net.isOnline();
  const timer = every(() => {
    const now = deps.net.isOnline();
    if (now && !online) deps.reconnectNow('network is back');
    online = now;
  }, deps.pollMs ?? 3000);

  return {
    dispose() {
      deps.powerMonitor.removeListener('resume', onResume);
      deps.powerMonitor.removeListener('unlock-screen', onUnlock);
      stopEvery(timer);
    },
  };
}
