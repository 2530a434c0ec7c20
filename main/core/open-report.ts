/**
 * Tells the owner when the review log had to be recovered at start-up: the shell shows it as a
 * pop-up, the terminal client prints it as a JSON line. A normal start says nothing.
 */
import type { AlertNotification, ReviewLogOpenReport } from './review-types.ts';

export function openReportNotification(report: ReviewLogOpenReport): AlertNotification | null {
  switch (report.status) {
    case 'ok':
    case 'new':
    case 'migrated':
      return null;
    case 'recovered-from-backup':
      return {
        kind: 'info',
        reviewId: null,
        title: 'Review log restored from backup',
        body: `reviews.json was unreadable (${report.reason}) and was moved to ${report.corruptPath}. The log was restored from the last good backup; newer reviews are fetched again from the relay.`,
        urgent: true,
        silent: true,
      };
    case 'repaired':
      return {
        kind: 'info',
        reviewId: null,
        title: 'Review log repaired',
        body: `reviews.json was partly damaged: ${report.repairs.join('; ')}. A copy of the file as it was is at ${report.corruptPath}.`,
        urgent: true,
        silent: true,
      };
    case 'reset':
      return {
        kind: 'info',
        reviewId: null,
        title: 'Review log started afresh',
        body: `reviews.json was unreadable (${report.reason}) and was moved to ${report.corruptPath}. No backup could be read; reviews still held by the relay are fetched again.`,
        urgent: true,
        silent: true,
      };
  }
}
