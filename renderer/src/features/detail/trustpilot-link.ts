import type { Review } from '../../../../main/core/review-types.ts';
import { TRUSTPILOT_LINKS, toSafeExternalUrl } from '../../../../main/shell/external-links.ts';

const REVIEW_ID = /^[0-9a-f]{24}$/iu;

/**
 * The public Trustpilot page of a review, or null when there is no link we trust. Trustpilot sends
 * an API link (api.trustpilot.com/v1/reviews/<id>), which a browser cannot show, so the page is
 * built from the review id when it has Trustpilot's id shape; otherwise a sent link is used only if
 * it passes the same check main applies before opening anything (https, trustpilot.com, no
 * credentials, default port).
 */
export function trustpilotPageUrl(review: Pick<Review, 'id' | 'link'>): string | null {
  if (REVIEW_ID.test(review.id))
    return `https://www.trustpilot.com/reviews/${review.id.toLowerCase()}`;
  const safe = toSafeExternalUrl(review.link, TRUSTPILOT_LINKS);
  if (safe == null || new URL(safe).hostname.toLowerCase() === 'api.trustpilot.com') return null;
  return safe;
}
