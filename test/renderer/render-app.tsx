import { render } from '@testing-library/react';
import { App } from '../../renderer/src/app/App.tsx';
import type { FakeReviewtrayApi } from './fake-api.ts';

export function renderApp(api: FakeReviewtrayApi, systemLocale = 'en-US') {
  return render(<App api={api} systemLocale={systemLocale} />);
}
