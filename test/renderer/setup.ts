import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom has no layout: every element measures 0×0, so the virtualised list would show no rows.
// Give elements a window-sized box, as a real browser would (the e2e tests use a real one).
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get: () => 900,
});
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get: () => 1200,
});

// Tests run without vitest globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

// The chosen UI language persists in localStorage; each test starts from the system locale.
afterEach(() => localStorage.clear());
