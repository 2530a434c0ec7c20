import { createContext, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { Messages } from './en.ts';
import {
  MESSAGES,
  UI_LANGUAGES,
  createFormatters,
  formattingLocale,
  uiLanguageFor,
} from './locale.ts';
import type { Formatters, UiLanguage } from './locale.ts';

interface I18n {
  language: UiLanguage;
  setLanguage(language: UiLanguage): void;
  t: Messages;
  fmt: Formatters;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'reviewtray.language';

function storedLanguage(): UiLanguage | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return UI_LANGUAGES.find((l) => l === value) ?? null;
  } catch {
    return null; // storage can be unavailable (privacy settings); the system locale still works
  }
}

export function I18nProvider({
  systemLocale = globalThis.navigator?.language,
  children,
}: {
  systemLocale?: string;
  children: ReactNode;
}) {
  // The owner's explicit choice wins over the system locale, and survives restarts.
  const [language, setLanguageState] = useState<UiLanguage>(
    () => storedLanguage() ?? uiLanguageFor(systemLocale),
  );
  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage(next) {
        setLanguageState(next);
        try {
          globalThis.localStorage?.setItem(STORAGE_KEY, next);
        } catch {
          // not persisted; the choice still holds for this window
        }
      },
      t: MESSAGES[language],
      fmt: createFormatters(formattingLocale(language, systemLocale)),
    }),
    [language, systemLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() needs an <I18nProvider> above it');
  return i18n;
}
