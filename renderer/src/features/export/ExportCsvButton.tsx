import type { Review } from '../../../../main/core/review-types.ts';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';
import { csvFileName, reviewsToCsv } from './reviews-csv.ts';

/**
 * Saves the reviews shown as CSV through an ordinary download of a local Blob: Electron turns it
 * into its save dialog, a browser (the e2e tests) into a download. Nothing leaves the machine.
 */
export function ExportCsvButton({ reviews }: { reviews: readonly Review[] }) {
  const { t, fmt } = useI18n();
  const save = () => {
    const blob = new Blob([reviewsToCsv(reviews)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = csvFileName(new Date());
    link.click();
    // Revoke later: the download reads the Blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <button
      type="button"
      className="button"
      onClick={save}
      disabled={reviews.length === 0}
      title={t.exportHint(fmt.number(reviews.length))}
    >
      {t.exportCsv}
    </button>
  );
}
