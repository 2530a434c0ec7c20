import { useEffect, useRef } from 'react';
import type { Review } from '../../../../main/core/review-types.ts';
import type { Messages } from '../../lib/i18n/en.ts';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';
import { reviewKind } from '../../lib/review-fields.ts';
import { ReviewBadges } from '../reviews/ReviewBadges.tsx';
import { Stars } from '../reviews/Stars.tsx';
import { reviewVersions } from './revision-changes.ts';
import type { ChangedField, FieldChange } from './revision-changes.ts';
import { trustpilotPageUrl } from './trustpilot-link.ts';

interface Props {
  review: Review;
  onClose(): void;
  onSetRead(reviewId: string, read: boolean): void;
  onOpenExternal(url: string): void;
}

function fieldLabel(t: Messages, field: ChangedField): string {
  const labels: Record<ChangedField, string> = {
    stars: t.fieldStars,
    title: t.fieldTitle,
    text: t.fieldText,
    language: t.fieldLanguage,
    referenceId: t.fieldReference,
    isVerified: t.fieldVerified,
    tags: t.fieldTags,
  };
  return labels[field];
}

function ChangeLine({ change }: { change: FieldChange }) {
  const { t } = useI18n();
  const show = (v: FieldChange['from']) =>
    v == null || v === '' ? t.none : typeof v === 'boolean' ? (v ? t.yes : t.no) : String(v);
  // Long texts are shown in full in their version below; the line only says that they changed.
  const brief = change.field === 'text';
  return (
    <li>
      <strong>{fieldLabel(t, change.field)}</strong>
      {!brief && (
        <span dir="auto">
          {': '}
          {t.starsChange(show(change.from), show(change.to))}
        </span>
      )}
    </li>
  );
}

/** Everything the log knows about one review. All user-written fields are React text, never markup. */
export function ReviewDetail({ review, onClose, onSetRead, onOpenExternal }: Props) {
  const { t, fmt } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [review.id]);
  const pageUrl = trustpilotPageUrl(review);
  const versions = reviewVersions(review);
  const orNone = (value: string | null) => (value == null || value === '' ? t.none : value);
  const kindLabel = { new: t.statusNew, revised: t.statusRevised, deleted: t.statusDeleted }[
    reviewKind(review)
  ];

  return (
    <section
      className="review-detail"
      aria-labelledby="review-detail-title"
      data-testid="review-detail"
    >
      <header className="review-detail__head">
        <Stars stars={review.stars} />
        <h2 id="review-detail-title" tabIndex={-1} ref={heading} dir="auto">
          {review.title ?? t.noTitle}
        </h2>
        <ReviewBadges review={review} />
        <button
          type="button"
          className="button button--quiet review-detail__close"
          onClick={onClose}
        >
          {t.closeDetail}
        </button>
      </header>
      {review.status === 'deleted' && <p className="review-detail__deleted">{t.deletedNotice}</p>}
      <div className="review-detail__actions">
        {pageUrl != null && (
          <button type="button" className="button" onClick={() => onOpenExternal(pageUrl)}>
            {t.openOnTrustpilot}
          </button>
        )}
        <button type="button" className="button" onClick={() => onSetRead(review.id, !review.read)}>
          {review.read ? t.markUnread : t.markRead}
        </button>
      </div>
      <p className="review-detail__text" dir="auto">
        {review.text ?? t.noText}
      </p>
      <dl className="review-detail__fields">
        <dt>{t.fieldConsumer}</dt>
        <dd dir="auto">{review.consumerName ?? t.anonymous}</dd>
        <dt>{t.fieldWritten}</dt>
        <dd>{fmt.dateTime(review.createdAt) ?? t.unknownDate}</dd>
        <dt>{t.fieldStatus}</dt>
        <dd>{kindLabel}</dd>
        <dt>{t.fieldVerified}</dt>
        <dd>{review.isVerified == null ? t.none : review.isVerified ? t.yes : t.no}</dd>
        <dt>{t.fieldLanguage}</dt>
        <dd>
          {review.language ? `${fmt.language(review.language)} (${review.language})` : t.none}
        </dd>
        <dt>{t.fieldReference}</dt>
        <dd dir="auto">{orNone(review.referenceId)}</dd>
        <dt>{t.fieldTags}</dt>
        <dd>
          {review.tags.length === 0
            ? t.none
            : review.tags.map((tag, i) => (
                <span key={i} className="tag" dir="auto">
                  {tag.group}: {tag.value}
                </span>
              ))}
        </dd>
        <dt>{t.fieldLocation}</dt>
        <dd>{orNone(review.locationId)}</dd>
        <dt>{t.fieldConsumerId}</dt>
        <dd>{orNone(review.consumerId)}</dd>
        <dt>{t.fieldReviewId}</dt>
        <dd>{review.id}</dd>
        <dt>{t.fieldReceived}</dt>
        <dd>{fmt.dateTime(review.firstReceivedAt) ?? t.none}</dd>
        <dt>{t.fieldUpdated}</dt>
        <dd>{fmt.dateTime(review.updatedAt) ?? t.none}</dd>
        {review.deletedAt != null && (
          <>
            <dt>{t.fieldDeletedAt}</dt>
            <dd>{fmt.dateTime(review.deletedAt)}</dd>
          </>
        )}
      </dl>
      <section className="review-detail__history" aria-label={t.historyTitle}>
        <h3>{t.historyTitle}</h3>
        {versions.length === 1 ? (
          <p>{t.historyEmpty}</p>
        ) : (
          <ol className="history" reversed>
            {[...versions].reverse().map((version) => (
              <li key={version.number} className="history__version" data-testid="history-version">
                <div className="history__head">
                  <strong>
                    {version.current ? t.historyCurrent : t.historyVersion(version.number)}
                  </strong>
                  <span>{fmt.dateTime(version.receivedAt)}</span>
                  <Stars stars={version.content.stars} />
                </div>
                {version.number > 1 &&
                  (version.changes.length === 0 ? (
                    <p>{t.historyUnchanged}</p>
                  ) : (
                    <ul className="history__changes" aria-label={t.historyChanged}>
                      {version.changes.map((change) => (
                        <ChangeLine key={change.field} change={change} />
                      ))}
                    </ul>
                  ))}
                {/* The current version's text is shown in full above. */}
                {!version.current && (
                  <>
                    <p className="history__title" dir="auto">
                      {version.content.title ?? t.noTitle}
                    </p>
                    <p className="history__text" dir="auto">
                      {version.content.text ?? t.noText}
                    </p>
                  </>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}
