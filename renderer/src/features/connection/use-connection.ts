import { useEffect, useState } from 'react';
import type { ConnectionState } from '../../../../main/core/review-types.ts';
import type { ReviewtrayApi } from '../../../../main/ipc-contract.ts';

export interface ObservedConnection {
  state: ConnectionState;
  /** When this window learned of the state (ms since epoch): `inMs` counts from here. */
  since: number;
}

/** The relay connection as main reports it: the current state on open, then every change. */
export function useConnection(api: ReviewtrayApi): ObservedConnection | null {
  const [observed, setObserved] = useState<ObservedConnection | null>(null);
  useEffect(() => {
    let closed = false;
    let pushed = false;
    const unsubscribe = api.onConnectionChanged((state) => {
      pushed = true;
      setObserved({ state, since: Date.now() });
    });
    api.getConnection().then(
      (state) => {
        // A push that arrived meanwhile is newer than this answer.
        if (!closed && !pushed) setObserved({ state, since: Date.now() });
      },
      (e: unknown) => console.error('connection:get failed', e),
    );
    return () => {
      closed = true;
      unsubscribe();
    };
  }, [api]);
  return observed;
}

/** The current time, ticking once a second while `active`, for countdowns. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
