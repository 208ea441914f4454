// The checklist's URLs, in one place for its pages, views and redirects.
export const checklistPaths = {
  dashboard: () => '/checkliste',
  dashboardCsv: () => '/checkliste/vergleich.csv',
  dashboardPrint: () => '/checkliste/vergleich/druck',
  dashboardPdf: () => '/checkliste/vergleich.pdf',
  town: (slug: string) => `/checkliste/${slug}`,
  townCsv: (slug: string) => `/checkliste/${slug}/checkliste.csv`,
  townPrint: (slug: string) => `/checkliste/${slug}/druck`,
  townPdf: (slug: string) => `/checkliste/${slug}/checkliste.pdf`,
  tick: (slug: string) => `/checkliste/${slug}/geprueft`,
};
