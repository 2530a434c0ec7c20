import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { ReviewtrayApi } from '../../../main/ipc-contract.ts';

// The API is passed down instead of read from `window` inside components, so component tests can
// hand in a stand-in for the Electron preload (which cannot run outside Electron).
const ApiContext = createContext<ReviewtrayApi | null>(null);

export function ApiProvider({ api, children }: { api: ReviewtrayApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): ReviewtrayApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiProvider> above it');
  return api;
}
