import { useI18n } from '../../lib/i18n/I18nProvider.tsx';
import { starsOf } from '../../lib/review-fields.ts';

export function Stars({ stars }: { stars: number | null }) {
  const { t } = useI18n();
  const n = starsOf({ stars });
  if (n == null) {
    return <span className="stars stars--none">{t.noRating}</span>;
  }
  return (
    <span className={`stars stars--${n}`} role="img" aria-label={t.starsAria(n)}>
      {'★'.repeat(n)}
      <span className="stars__empty">{'★'.repeat(5 - n)}</span>
    </span>
  );
}
