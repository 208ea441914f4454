// Citizens' error reports: the service the app builds, the pages plugin and the shared types.
export { type FeedbackPagesDeps, feedbackPages } from './feedback.pages.tsx';
export {
  createFeedbackService,
  type FeedbackConfig,
  type FeedbackService,
  loadFeedbackConfig,
  ReportInvalidError,
  TooManyReportsError,
} from './feedback.service.ts';
export { REPORT_CATEGORIES, REPORT_CATEGORY_LABELS, type Report, type ReportCategory } from './feedback.ts';
