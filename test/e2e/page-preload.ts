/**
 * Runs in the test page before the renderer (page.addInitScript, bundled by esbuild): builds
 * `window.reviewtray` with main's real preload code, over an ipcRenderer look-alike that talks to
 * the test bridge (bridge.ts) instead of Electron's IPC. Browser code; typed loosely because the
 * node tsconfig that checks test/e2e has no DOM library.
 */
import type { IpcRendererLike } from '../../main/shell/preload-api.ts';
import { createReviewtrayApi } from '../../main/shell/preload-api.ts';

type Listener = (event: unknown, payload: unknown) => void;
interface BrowserSocket {
  addEventListener(
    type: 'open' | 'message' | 'close',
    listener: (event: { data?: unknown }) => void,
  ): void;
}
const page = globalThis as unknown as {
  location: { host: string };
  WebSocket: new (url: string) => BrowserSocket;
  reviewtray: unknown;
  __bridgeReady: Promise<void>;
};

const listeners = new Map<string, Set<Listener>>();
const socket = new page.WebSocket(`ws://${page.location.host}/ipc/events`);
// Invokes wait for the push channel, so no change after an answer can be missed.
const ready = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve()));
socket.addEventListener('message', (event) => {
  const { channel, payload } = JSON.parse(String(event.data)) as {
    channel: string;
    payload: unknown;
  };
  for (const listener of listeners.get(channel) ?? []) listener({}, payload);
});

const ipc = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    await ready;
    const res = await fetch('/ipc/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, args }),
    });
    const body = (await res.json()) as { ok: boolean; result?: unknown; error?: string };
    if (!body.ok) throw new Error(body.error);
    return body.result;
  },
  on(channel: string, listener: Listener) {
    const set = listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(channel, set);
    return ipc;
  },
  removeListener(channel: string, listener: Listener) {
    listeners.get(channel)?.delete(listener);
    return ipc;
  },
};

page.reviewtray = createReviewtrayApi(ipc as unknown as IpcRendererLike);
page.__bridgeReady = ready;
