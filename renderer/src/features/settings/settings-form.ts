/**
 * The settings form's state and how it maps to and from the IPC contract. Pure: no DOM, no React,
 * so it is unit-tested on its own.
 */
import { parseConnectionString } from '../../../../main/shell/connection-string.ts';
import type { SettingsPatch, SettingsView } from '../../../../main/shell/settings-types.ts';

export interface SettingsForm {
  relayUrl: string;
  /** Empty means "keep the saved token". */
  token: string;
  notifyStars: number[];
  notifyRevisions: boolean;
  quietEnabled: boolean;
  quietStart: string;
  quietEnd: string;
  soundForLowRatings: boolean;
  startAtLogin: boolean;
  startHidden: boolean;
}

export function formFromView(view: SettingsView): SettingsForm {
  return {
    relayUrl: view.relayUrl,
    token: '',
    notifyStars: [...view.rules.notifyStars].sort(),
    notifyRevisions: view.rules.notifyRevisions,
    quietEnabled: view.rules.quietHours != null,
    quietStart: view.rules.quietHours?.start ?? '22:00',
    quietEnd: view.rules.quietHours?.end ?? '07:00',
    soundForLowRatings: view.rules.soundForLowRatings,
    startAtLogin: view.startAtLogin,
    startHidden: view.startHidden,
  };
}

export function patchFromForm(form: SettingsForm): SettingsPatch {
  return {
    relayUrl: form.relayUrl.trim(),
    token: form.token.trim() === '' ? null : form.token.trim(),
    rules: {
      notifyStars: [...new Set(form.notifyStars)].sort(),
      notifyRevisions: form.notifyRevisions,
      quietHours: form.quietEnabled ? { start: form.quietStart, end: form.quietEnd } : null,
      soundForLowRatings: form.soundForLowRatings,
    },
    startAtLogin: form.startAtLogin,
    startHidden: form.startHidden,
  };
}

export function toggleStar(stars: readonly number[], star: number): number[] {
  return stars.includes(star) ? stars.filter((s) => s !== star) : [...stars, star].sort();
}

/** Fills relay URL and token from a pasted connection string, or explains why it cannot. */
export function applyConnectionString(
  form: SettingsForm,
  pasted: string,
): { ok: true; form: SettingsForm } | { ok: false; error: string } {
  const parsed = parseConnectionString(pasted);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    form: { ...form, relayUrl: parsed.value.relayUrl, token: parsed.value.token },
  };
}
