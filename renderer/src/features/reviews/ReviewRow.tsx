import { memo } from 'react';
import type { Review } from '../../../../main/core/review-types.ts';
import { excerptOf } from '../../lib/highlight.ts';
import { useI18n } from '../../lib/i18n/I18nProvider.tsx';
import { reviewDate } from '../../lib/review-fields.ts';
import { Highlighted } from './Highlighted.tsx';
import { ReviewBadges } from './ReviewBadges.tsx';
import { Stars } from './Stars.tsx';

export function reviewRowId(reviewId: string): string {
  return `review-row-${reviewId}`;
}

interface Props {
  review: Review;
  terms: readonly string[];
  selected: boolean;
  onOpen(reviewId: string): void;
}

/**
 * One review in the list. Title, name and text are user-written: they are passed as React text
 * children (through <Highlighted>), never as markup; dir="auto" lets Hebrew or Arabic run right to left.
 */
export const ReviewRow = memo(function ReviewRow({ review, terms, selected, onOpen }: Props) {
  const { t, fmt } = useI18n();
  const deleted = review.status === 'deleted';
  const classes = [
    'review-row',
    deleted && 'review-row--deleted',
    !review.read && 'review-row--unread',
    selected && 'review-row--selected',
  ];
  return (
    <div
      id={reviewRowId(review.id)}
      role="option"
      aria-selected={selected}
      className={classes.filter(Boolean).join(' ')}
      data-review-id={review.id}
      onClick={() => onOpen(review.id)}
    >
      <div className="review-row__head">
        <Stars stars={review.stars} />
        <span className="review-row__title" dir="auto">
          <Highlighted text={review.title ?? t.noTitle} terms={review.title ? terms : []} />
        </span>
        <ReviewBadges review={review} />
        <time className="review-row__date" dateTime={reviewDate(review)}>
          {fmt.date(reviewDate(review)) ?? t.unknownDate}
        </time>
      </div>
      <div className="review-row__meta">
        <span className="review-row__consumer" dir="auto">
          <Highlighted
            text={review.consumerName ?? t.anonymous}
            terms={review.consumerName ? terms : []}
          />
        </span>
        {review.referenceId != null && (
          <span className="review-row__reference" dir="auto">
            <Highlighted text={review.referenceId} terms={terms} />
          </span>
        )}
      </div>
      <p className="review-row__text" dir="auto">
        {review.text ? (
          <Highlighted text={excerptOf(review.text, terms)} terms={terms} />
        ) : (
          t.noText
        )}
      </p>
    </div>
  );
});
