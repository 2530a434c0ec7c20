import type { Review } from '../../../../main/core/review-types.ts';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';

export function ReviewBadges({ review }: { review: Review }) {
  const { t } = useI18n();
  return (
    <span className="badges">
      {review.status === 'deleted' && (
        <span className="badge badge--deleted">{t.badgeDeleted}</span>
      )}
      {review.revisions.length > 0 && (
        <span className="badge badge--revised">{t.badgeRevised}</span>
      )}
      {!review.read && <span className="badge badge--unread">{t.badgeUnread}</span>}
    </span>
  );
}
