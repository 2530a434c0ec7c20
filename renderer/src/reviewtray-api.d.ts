import type { ReviewtrayApi } from '../../main/ipc-contract.ts';

// The preload (main/preload) exposes this through contextBridge; it is the renderer's only way out.
declare global {
  interface Window {
    reviewtray: ReviewtrayApi;
  }
}
