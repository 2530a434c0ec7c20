/**
 * The preload of every Reviewtray window (sandboxed: only `electron` may be required, so
 * scripts/build-main.mjs bundles this file). It exposes the typed API and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createReviewtrayApi } from './shell/preload-api.ts';

contextBridge.exposeInMainWorld('reviewtray', createReviewtrayApi(ipcRenderer));
