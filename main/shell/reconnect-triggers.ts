/**
 * Reconnect at once instead of waiting out a backoff: after resume from sleep, on unlock, and when
 * the network comes back. Electron has no "online" event in the main process, so net.isOnline() is
 * polled; powerMonitor and net come in as deps.
 */
import type { Net, PowerMonitor } from 'electron';

export interface ReconnectTriggerDeps {
  powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener'>;
  net: Pick<Net, 'isOnline'>;
  reconnectNow(reason: string): void;
  pollMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export function setupReconnectTriggers(deps: ReconnectTriggerDeps): { dispose(): void } {
  const onResume = () => deps.reconnectNow('resume from sleep');
  const onUnlock = () => deps.reconnectNow('screen unlocked');
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
