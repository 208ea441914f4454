// The link checker's public face: the service the app builds, its API and schedule plugins, and the shared types.
export { type LinksApiDeps, linksApi } from './links.api.ts';
export { linkSchedule } from './links.plugin.ts';
export {
  createLinksService,
  type LinkChange,
  LinkCheckBusyError,
  type LinkCheckConfig,
  type LinksService,
  startLinkSchedule,
} from './links.service.ts';
export {
  LINK_KIND_LABELS,
  LINK_STATE_LABELS,
  LINK_STATES,
  type LinkCheckRun,
  type LinkSource,
  type LinkState,
  type LinkStatus,
  OUTCOME_LABELS,
} from './links.ts';
