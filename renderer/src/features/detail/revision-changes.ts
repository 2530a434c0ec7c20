import type { Review, ReviewContent } from '../../../../main/core/review-types.ts';

export type ChangedField =
  'stars' | 'title' | 'text' | 'language' | 'referenceId' | 'isVerified' | 'tags';

export interface FieldChange {
  field: ChangedField;
  from: string | number | boolean | null;
  to: string | number | boolean | null;
}

export interface ReviewVersion {
  content: ReviewContent;
  /** When the relay received this version (ISO 8601). */
  receivedAt: string;
  /** 1 for the first version the log saw. */
  number: number;
  current: boolean;
  /** What differs from the version before; empty for the first. */
  changes: FieldChange[];
}

const tagsText = (c: ReviewContent) => c.tags.map((t) => `${t.group}: ${t.value}`).join(', ');

/** The fields that differ between two versions of a review, in display order. */
export function contentChanges(before: ReviewContent, after: ReviewContent): FieldChange[] {
  const changes: FieldChange[] = [];
  const scalar = ['stars', 'title', 'text', 'language', 'referenceId', 'isVerified'] as const;
  for (const field of scalar) {
    if (before[field] !== after[field])
      changes.push({ field, from: before[field], to: after[field] });
  }
  if (tagsText(before) !== tagsText(after)) {
    changes.push({ field: 'tags', from: tagsText(before), to: tagsText(after) });
  }
  return changes;
}

/** Every version the log holds, oldest first, the current one last, each with what it changed. */
export function reviewVersions(review: Review): ReviewVersion[] {
  const contents: { content: ReviewContent; receivedAt: string }[] = [
    ...review.revisions.map((r) => ({ content: r, receivedAt: r.receivedAt })),
    {
      content: review,
      receivedAt: review.revisions.length > 0 ? review.updatedAt : review.firstReceivedAt,
    },
  ];
  return contents.map((version, i) => ({
    ...version,
    number: i + 1,
    current: i === contents.length - 1,
    changes: i === 0 ? [] : contentChanges(contents[i - 1]!.content, version.content),
  }));
}
