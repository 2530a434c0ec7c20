/**
 * Builds the `window.reviewtray` API from ipcRenderer: one named method per operation of the IPC
 * contract, never raw ipcRenderer. Kept apart from preload.ts so tests can drive it with a fake.
 * Listeners receive only the payload, never Electron's event object (it carries `sender`).
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type {
  EventChannel,
  InvokeChannel,
  IpcEventContract,
  IpcInvokeContract,
  ReviewtrayApi,
} from '../ipc-contract.ts';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createReviewtrayApi(ipc: IpcRendererLike): ReviewtrayApi {
  const invoke = <C extends InvokeChannel>(
    channel: C,
    ...args: IpcInvokeContract[C]['args']
  ): Promise<IpcInvokeContract[C]['result']> => ipc.invoke(channel, ...args);

  const subscribe = <C extends EventChannel>(
    channel: C,
    listener: (payload: IpcEventContract[C]) => void,
  ): (() => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: IpcEventContract[C]) => listener(payload);
    ipc.on(channel, wrapped);
    return () => {
      ipc.removeListener(channel, wrapped);
    };
  };

  // A notification click can open the window and send 'reviews:focus' before the renderer has
  // subscribed; keep the latest such request and hand it to the first subscriber.
  let pendingFocus: IpcEventContract['reviews:focus'] | null = null;
  let focusListeners = 0;
  ipc.on(
    'reviews:focus',
    (_event: IpcRendererEvent, payload: IpcEventContract['reviews:focus']) => {
      if (focusListeners === 0) pendingFocus = payload;
    },
  );

  return {
    listReviews: () => invoke('reviews:list'),
    setRead: (reviewId, read) => invoke('reviews:set-read', reviewId, read),
    getConnection: () => invoke('connection:get'),
    getReviews: (reviewIds) => invoke('reviews:get', reviewIds),
    markAllRead: () => invoke('reviews:mark-all-read'),
    openExternal: (url) => invoke('shell:open-external', url),
    getSettings: () => invoke('settings:get'),
    saveSettings: (patch) => invoke('settings:save', patch),
    testConnection: (relayUrl, token) => invoke('settings:test-connection', relayUrl, token),
    sendTestNotification: () => invoke('app:send-test-notification'),
    onReviewsChanged: (listener) => subscribe('reviews:changed', listener),
    onConnectionChanged: (listener) => subscribe('connection:changed', listener),
    onFocusReview: (listener) => {
      focusListeners += 1;
      const unsubscribe = subscribe('reviews:focus', listener);
      if (pendingFocus) {
        const payload = pendingFocus;
        pendingFocus = null;
        queueMicrotask(() => listener(payload));
      }
      return () => {
        focusListeners -= 1;
        unsubscribe();
      };
    },
  };
}
