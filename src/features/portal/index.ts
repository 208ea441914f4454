// The portal's public face: the plugin and what the app and the checklist (which uses the portal's frame) need.
export { type AssetStore, assetStore } from './assets.ts';
export { type Crumb, Layout, type LayoutProps } from './components/layout.tsx';
export { type Lang, type Messages, messages } from './i18n.ts';
export { type LastReviewed, type LastReviewedOf, lastReviewedFrom, longDate } from './last-reviewed.ts';
export { DEFAULT_LEGAL_PAGES_FILE, type LegalPages, loadLegalPages, parseLegalPages } from './legal-config.ts';
export type { PageContext } from './page-context.ts';
export {
  buildSitemap,
  canonicalServicePath,
  type PortalDeps,
  type PortalPagesOptions,
  portalPages,
  type ServicePreviewInput,
  sendNotFoundPage,
  servicePreviewPage,
} from './portal.pages.tsx';
export type { PortalSearchService } from './portal-search.ts';
