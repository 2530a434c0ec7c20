import { useSyncExternalStore } from 'react';

export type Route = 'log' | 'settings';

/** `#settings` opens the settings page (the tray menu loads the window with it); anything else the log. */
export function routeFor(hash: string): Route {
  return hash.replace(/^#\/?/u, '') === 'settings' ? 'settings' : 'log';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeFor(window.location.hash));
}
