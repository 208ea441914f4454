// The portal's interface texts. Only the chrome is translated: the catalog's content (service names, texts,
// authorities) stays German in both languages, and the English pages say so.

/** Who holds a town's own value of a field: the town itself, or the Kreis or Gemeindeverband whose setting reaches it. */
export type StaleHolder = 'stadt' | 'gemeinde' | 'kreis' | 'gemeindeverband';

export const LANGS = ['de', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const de = {
  siteName: 'Virtuelles Rathaus',
  siteTagline: 'Verwaltungsleistungen Ihrer Stadt oder Gemeinde und Ihres Kreises',
  skipToContent: 'Zum Inhalt springen',
  mainNav: 'Hauptnavigation',
  breadcrumbs: 'Sie sind hier',
  home: 'Startseite',
  countyHome: 'Alle Orte',
  /** The county's marker label: "Kreis Soest" from the data, "Kreis" without one. */
  countyLabel: 'Kreis',
  changeTown: 'Ort wechseln',
  languageSwitch: 'English',
  languageSwitchLabel: 'Switch to English',
  contentLanguageNote: '',
  // start page
  startTitle: 'Ihr virtuelles Rathaus',
  startIntro:
    'Finden Sie heraus, welche Stelle für Ihr Anliegen zuständig ist – Ihre Stadt oder Gemeinde oder Ihr Kreis – und wie Sie sie erreichen.',
  chooserHeading: 'Wo wohnen Sie?',
  chooserLabel: 'Ort oder Postleitzahl',
  chooserHint: 'Der Name Ihres Wohnorts oder seine Postleitzahl',
  chooserSubmit: 'Weiter',
  chooserAllTowns: 'Alle Städte und Gemeinden',
  chooserNoneInList:
    'Kein Ort dieser Liste passt zu Ihrer Eingabe. Wählen Sie „Weiter“: Wir suchen dann unter allen Orten und Postleitzahlen Deutschlands.',
  chooserRemembered: 'Zuletzt gewählt',
  chooserRememberedGo: (town: string) => `Weiter zu ${town}`,
  chooserEmpty: 'Bitte geben Sie einen Ort oder eine Postleitzahl ein.',
  chooserNotFound: (input: string) =>
    `Zu „${input}“ haben wir keinen Ort gefunden. Bitte prüfen Sie die Schreibweise oder wählen Sie Ihren Ort aus der Liste.`,
  chooserMultipleTitle: 'Bitte wählen Sie Ihren Ort',
  placeOutsideTitle: (place: string) => `${place} liegt außerhalb dieses Portals`,
  placeOutside: (place: string, gemeinde: string, kreis: string, land: string) =>
    `${place} gehört zu ${gemeinde}${kreis ? ` (${kreis}` : ''}${land ? `${kreis ? ', ' : ' ('}${land})` : kreis ? ')' : ''}. Dieses Portal führt die Leistungen dort nicht; bitte wenden Sie sich an die Verwaltung vor Ort.`,
  placeOutsideWebsite: (gemeinde: string) => `Website von ${gemeinde}`,
  placeCandidatesIntro: (input: string) => `„${input}“ passt zu mehreren Orten. Bitte wählen Sie Ihren Ort:`,
  chooserMultipleIntro: (input: string) =>
    `Die Postleitzahl ${input} gehört zu mehreren Orten. Bitte wählen Sie den Ort, in dem Sie wohnen:`,
  chooserSuggestions: 'Passende Orte',
  countyServices: 'Leistungen des Kreises',
  countyServicesText: 'Alle Leistungen der Kreisverwaltung, unabhängig vom Wohnort.',
  browseByLand: 'Orte nach Land',
  browseByDistrict: 'Orte nach Kreis',
  browseIntro: 'Ihr Land, dann Ihr Kreis oder Ihre kreisfreie Stadt: dort finden Sie Ihre Stadt oder Gemeinde.',
  browseLandTitle: (land: string) => `Städte und Gemeinden in ${land}`,
  browseLandIntro:
    'Wählen Sie Ihren Kreis oder Ihre kreisfreie Stadt. Die Seite eines Kreises nennt alle seine Städte und Gemeinden.',
  browseOtherDistricts: 'Kreise und kreisfreie Städte',
  errorSummaryTitle: 'Es ist ein Fehler aufgetreten',
  errorPrefix: 'Fehler: ',
  // town site
  townIntro: (town: string) =>
    `Verwaltungsleistungen für ${town}: von der Stadt- oder Gemeindeverwaltung und vom Kreis.`,
  countyIntro:
    'Leistungen der Kreisverwaltung. Für Leistungen der Städte und Gemeinden wählen Sie bitte Ihren Wohnort.',
  searchLabel: 'Was möchten Sie erledigen?',
  searchHint: 'Zum Beispiel „Personalausweis“, „Umzug“ oder „Baugenehmigung“',
  searchSubmit: 'Suchen',
  topTasks: 'Häufig gesucht',
  lebenslagen: 'Lebenslagen',
  lebenslagenIntro: 'Leistungen nach Lebenssituation',
  servicesCount: (n: number) => (n === 1 ? '1 Leistung' : `${n} Leistungen`),
  azTitle: 'Leistungen von A bis Z',
  azLink: 'Alle Leistungen von A bis Z',
  azLetters: 'Anfangsbuchstaben',
  azBackToTop: 'Zurück zur Buchstabenauswahl',
  legendTitle: 'Wer ist zuständig?',
  legendTown: (town: string) => `${town} ist zuständig`,
  legendCounty: 'Der Kreis ist zuständig',
  legendOther: 'Eine Behörde des Landes oder des Bundes ist zuständig',
  // search
  searchTitle: 'Suche',
  searchResultsFor: (q: string, n: number) => (n === 1 ? `1 Ergebnis für „${q}“` : `${n} Ergebnisse für „${q}“`),
  searchEmpty: 'Bitte geben Sie einen Suchbegriff ein.',
  searchNone: (q: string) => `Zu „${q}“ haben wir keine Leistung gefunden.`,
  searchNoneHelp: 'Versuchen Sie ein anderes Wort oder sehen Sie in der Liste aller Leistungen nach.',
  // marker
  responsible: 'Zuständig',
  responsibleFor: 'Zuständig:',
  markerYourTown: 'Ihre Stadt oder Gemeinde',
  markerStateOrFederal: 'Land / Bund',
  markerLand: (name: string) => name,
  // service page
  whoIsResponsible: 'Wer ist zuständig?',
  responsibleIs: (who: string) => `Zuständig ist ${who}.`,
  legalBasisResponsibility: 'Rechtsgrundlage der Zuständigkeit',
  // the connecting factor (decision 0120): the one question when the place of the matter decides
  placeQuestion: (factor: string): string =>
    factor === 'property_location'
      ? 'Wo liegt das Grundstück?'
      : factor === 'business_seat'
        ? 'Wo liegt die Betriebsstätte?'
        : 'Wo ist es geschehen (zum Beispiel der Geburts- oder Sterbeort)?',
  placeQuestionHelp: 'Zuständig ist die Behörde dieses Orts, nicht unbedingt die Ihres Wohnorts.',
  placeSubmit: 'Zuständigkeit anzeigen',
  placePostcode: 'Oder die Postleitzahl des Orts',
  placePostcodeShared: (postcode: string) =>
    `Die Postleitzahl ${postcode} gehört zu mehreren Orten. Bitte wählen Sie den Ort, auf den es ankommt:`,
  placeAssumed: (place: string) => `Die Antwort gilt, wenn es in ${place} geschehen ist bzw. dort liegt.`,
  placeDecided: (place: string) => `Maßgeblich ist der Ort ${place}.`,
  upcomingChange: (date: string, who: string) => `Ab ${date} ist ${who} zuständig.`,
  exceptionsTitle: 'Ausnahmen in den Städten und Gemeinden',
  exceptionsOwn: (places: string) => `In ${places}: die Stadt oder Gemeinde selbst.`,
  exceptionsOther: (places: string, who: string) => `In ${places}: ${who}.`,
  listAnd: 'und',
  chooseTownForService: 'Diese Leistung erbringt Ihre Stadt oder Gemeinde. Wählen Sie Ihren Wohnort:',
  contactPointIntro: 'Den Antrag stellen Sie hier:',
  decidingAuthority: 'Entscheidende Behörde',
  placeToGo: 'Hier stellen Sie den Antrag',
  contactPointExplain: (point: string, deciding: string) =>
    `Ihr Ansprechpunkt: ${point}. Dort wird Ihr Antrag aufgenommen. Entscheidende Behörde: ${deciding}.`,
  online: 'Online erledigen',
  booking: 'Termin vereinbaren',
  bookAppointment: 'Termin buchen',
  moreOnline: 'Mehr dazu im Internet',
  trustLevel: (level: 'basisregistrierung' | 'substanziell' | 'hoch') =>
    ({
      basisregistrierung: 'Anmeldung mit Nutzerkonto (Benutzername und Passwort)',
      substanziell: 'Anmeldung mit Nutzerkonto und zweitem Faktor (z. B. ELSTER-Zertifikat)',
      hoch: 'Anmeldung mit dem Online-Ausweis (Personalausweis mit PIN)',
    })[level],
  ikfz: 'i-Kfz (Fahrzeugzulassung im Internet)',
  externalLink: '(externe Website)',
  sections: {
    fullText: 'Beschreibung',
    prerequisites: 'Voraussetzungen',
    documents: 'Erforderliche Unterlagen',
    fees: 'Kosten',
    deadlines: 'Fristen',
    processingTime: 'Bearbeitungsdauer',
    procedure: 'Ablauf',
    forms: 'Formulare',
    hints: 'Hinweise',
    legalBasis: 'Rechtsgrundlage',
    furtherInfo: 'Weiterführende Informationen',
    remedy: 'Rechtsbehelf',
  },
  atAGlance: 'Auf einen Blick',
  contact: 'Kontakt',
  noAuthority: 'Für diese Leistung ist im Katalog noch keine Stelle hinterlegt.',
  notOfferedTitle: (town: string) => `${town} bietet diese Leistung nicht selbst an`,
  notOfferedAlternative: 'Hier erhalten Sie die Leistung',
  /** The mark of a list entry (A–Z, search, Lebenslage, embed) the town does not offer itself. */
  notOfferedMark: (town: string) => `In ${town} nicht angeboten`,
  localNoteTitle: (town: string) => `Hinweise aus ${town}`,
  sampleData: 'Beispieldaten',
  sampleDataNote: 'Telefon und E-Mail sind erfundene Beispieldaten, nicht die echten Kontaktdaten der Behörde.',
  address: 'Anschrift',
  phone: 'Telefon',
  email: 'E-Mail',
  website: 'Website',
  room: 'Raum',
  deepLink: 'Diese Leistung auf der Website der Behörde',
  contactPersons: 'Ansprechpersonen',
  accessibility: 'Zugang',
  openingHours: 'Öffnungszeiten',
  openNow: 'Jetzt geöffnet',
  openUntil: (time: string) => `bis ${time} Uhr`,
  closedNow: 'Jetzt geschlossen',
  opensAt: (when: string) => `öffnet ${when}`,
  today: 'heute',
  tomorrow: 'morgen',
  at: (day: string, time: string) => `${day} um ${time} Uhr`,
  closed: 'geschlossen',
  holidaysClosed: 'An gesetzlichen Feiertagen in Nordrhein-Westfalen geschlossen.',
  hoursUnknown: 'Öffnungszeiten sind nicht hinterlegt.',
  weekday: 'Wochentag',
  times: 'Uhrzeiten',
  weekdays: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'],
  relatedLebenslagen: 'Passende Lebenslagen',
  lastReviewed: 'Zuletzt geprüft',
  /** A town's own value of a field its owner has changed since (decision 0140). */
  staleNote: (owner: string, date: string, holder: string) =>
    `${owner} hat diese Angabe am ${date} geändert; ${holder}.`,
  staleOwner: {
    bund: 'Der Bund',
    land: 'Das Land',
    regierungsbezirk: 'Die Bezirksregierung',
    kreis: 'Der Kreis',
    gemeindeverband: 'Der Gemeindeverband',
  } as Record<string, string>,
  /** Who holds the own value (the town, or the Kreis or Gemeindeverband whose setting reaches it) and checks it. */
  staleHolder: (holder: StaleHolder): string =>
    ({
      stadt: 'die Stadt prüft ihre eigene Angabe',
      gemeinde: 'die Gemeinde prüft ihre eigene Angabe',
      kreis: 'der Kreis prüft seine eigene Angabe',
      gemeindeverband: 'der Gemeindeverband prüft seine eigene Angabe',
    })[holder],
  // lebenslage
  lebenslageIntro: (n: number) =>
    n === 1 ? 'Eine Leistung in dieser Lebenslage:' : `${n} Leistungen in dieser Lebenslage:`,
  lebenslageEmpty: 'Zu dieser Lebenslage gibt es hier noch keine Leistungen.',
  // 404 / errors
  notFoundTitle: 'Seite nicht gefunden',
  notFoundText: 'Die Adresse ist falsch oder die Seite gibt es nicht mehr.',
  notFoundTown: (town: string) =>
    `Suchen Sie die Leistung, oder sehen Sie in der Liste aller Leistungen für ${town} nach.`,
  notFoundNoTown: 'Wählen Sie Ihren Ort, um die Leistungen Ihrer Stadt oder Gemeinde zu sehen.',
  errorTitle: 'Ein Fehler ist aufgetreten',
  errorText: 'Bitte versuchen Sie es später noch einmal.',
  // footer & legal
  footerAbout: 'Ein gemeinsames Angebot des Kreises und seiner Städte und Gemeinden.',
  accessibilityStatement: 'Erklärung zur Barrierefreiheit',
  imprint: 'Impressum',
  privacy: 'Datenschutz',
  embedDocs: 'Auf der eigenen Website einbinden',
  sitemap: 'Sitemap',
  // embed
  embedTitle: 'Leistungsliste auf Ihrer Website einbinden',
  embedSearchLabel: 'Leistung suchen',
  embedPreview: 'Vorschau',
  embedAll: 'Alle Leistungen',
};

export type Messages = typeof de;

const en: Messages = {
  siteName: 'Virtual town hall',
  siteTagline: 'Public services of your town or municipality and your county',
  skipToContent: 'Skip to content',
  mainNav: 'Main navigation',
  breadcrumbs: 'You are here',
  home: 'Home',
  countyHome: 'All places',
  countyLabel: 'County',
  changeTown: 'Change place',
  languageSwitch: 'Deutsch',
  languageSwitchLabel: 'Auf Deutsch lesen',
  contentLanguageNote: 'The service descriptions are available in German only.',
  startTitle: 'Your virtual town hall',
  startIntro:
    'Find out which office is responsible for your request – your town or municipality, or your county – and how to reach it.',
  chooserHeading: 'Where do you live?',
  chooserLabel: 'Town or postcode',
  chooserHint: 'The name of the place where you live or its postcode',
  chooserSubmit: 'Continue',
  chooserAllTowns: 'All towns and municipalities',
  chooserNoneInList:
    'No place in this list matches what you typed. Choose “Continue” and we will look among all places and postcodes in Germany.',
  chooserRemembered: 'Last chosen',
  chooserRememberedGo: (town: string) => `Continue to ${town}`,
  chooserEmpty: 'Please enter a town or a postcode.',
  chooserNotFound: (input: string) =>
    `We found no place for “${input}”. Please check the spelling or choose your town from the list.`,
  chooserMultipleTitle: 'Please choose your town',
  placeOutsideTitle: (place: string) => `${place} is outside this portal`,
  placeOutside: (place: string, gemeinde: string, kreis: string, land: string) =>
    `${place} belongs to ${gemeinde}${kreis ? ` (${kreis}` : ''}${land ? `${kreis ? ', ' : ' ('}${land})` : kreis ? ')' : ''}. This portal does not list the services there; please contact the local administration.`,
  placeOutsideWebsite: (gemeinde: string) => `Website of ${gemeinde}`,
  placeCandidatesIntro: (input: string) => `“${input}” fits several places. Please choose yours:`,
  chooserMultipleIntro: (input: string) =>
    `The postcode ${input} belongs to several places. Please choose the one you live in:`,
  chooserSuggestions: 'Matching places',
  countyServices: 'Services of the county',
  countyServicesText: 'All services of the county administration, wherever you live.',
  browseByLand: 'Places by state',
  browseByDistrict: 'Places by district',
  browseIntro: 'Your state, then your district or independent city: there you find your town or municipality.',
  browseLandTitle: (land: string) => `Towns and municipalities in ${land}`,
  browseLandIntro:
    'Choose your district or your independent city. The page of a district lists all its towns and municipalities.',
  browseOtherDistricts: 'Districts and independent cities',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error: ',
  townIntro: (town: string) =>
    `Public services for ${town}: from the town or municipal administration and from the county.`,
  countyIntro: 'Services of the county administration. For services of the towns, please choose where you live.',
  searchLabel: 'What do you want to do?',
  searchHint: 'Search in German, for example “Personalausweis”, “Umzug” or “Baugenehmigung”',
  searchSubmit: 'Search',
  topTasks: 'Popular',
  lebenslagen: 'Life situations',
  lebenslagenIntro: 'Services by life situation',
  servicesCount: (n: number) => (n === 1 ? '1 service' : `${n} services`),
  azTitle: 'Services A to Z',
  azLink: 'All services A to Z',
  azLetters: 'Initial letters',
  azBackToTop: 'Back to the letters',
  legendTitle: 'Who is responsible?',
  legendTown: (town: string) => `${town} is responsible`,
  legendCounty: 'The county is responsible',
  legendOther: 'A state or federal authority is responsible',
  searchTitle: 'Search',
  searchResultsFor: (q: string, n: number) => (n === 1 ? `1 result for “${q}”` : `${n} results for “${q}”`),
  searchEmpty: 'Please enter a search term.',
  searchNone: (q: string) => `We found no service for “${q}”.`,
  searchNoneHelp: 'Try another word (in German) or browse the list of all services.',
  responsible: 'Responsible',
  responsibleFor: 'Responsible:',
  markerYourTown: 'Your town or municipality',
  markerStateOrFederal: 'State / federal',
  markerLand: (name: string) => name,
  whoIsResponsible: 'Who is responsible?',
  responsibleIs: (who: string) => `${who} is responsible.`,
  legalBasisResponsibility: 'Legal basis of the responsibility',
  placeQuestion: (factor: string) =>
    factor === 'property_location'
      ? 'Where is the property?'
      : factor === 'business_seat'
        ? 'Where are the business premises?'
        : 'Where did it happen (for example the place of birth or death)?',
  placeQuestionHelp: 'The authority of that place is responsible, not necessarily the one where you live.',
  placeSubmit: 'Show who is responsible',
  placePostcode: 'Or the postcode of the place',
  placePostcodeShared: (postcode: string) =>
    `The postcode ${postcode} belongs to several places. Please choose the place that matters:`,
  placeAssumed: (place: string) => `This answer holds if it happened or lies in ${place}.`,
  placeDecided: (place: string) => `What counts is the place: ${place}.`,
  upcomingChange: (date: string, who: string) => `From ${date}, ${who} is responsible.`,
  exceptionsTitle: 'Exceptions in the towns',
  exceptionsOwn: (places: string) => `In ${places}: the town itself.`,
  exceptionsOther: (places: string, who: string) => `In ${places}: ${who}.`,
  listAnd: 'and',
  chooseTownForService: 'Your town or municipality provides this service. Choose where you live:',
  contactPointIntro: 'You apply here:',
  decidingAuthority: 'Deciding authority',
  placeToGo: 'Where you apply',
  contactPointExplain: (point: string, deciding: string) =>
    `Where you go: ${point}. They take your application. Deciding authority: ${deciding}.`,
  online: 'Do it online',
  booking: 'Make an appointment',
  bookAppointment: 'Book an appointment',
  moreOnline: 'More on the web',
  trustLevel: (level: 'basisregistrierung' | 'substanziell' | 'hoch') =>
    ({
      basisregistrierung: 'Sign in with a user account (user name and password)',
      substanziell: 'Sign in with a user account and a second factor (e.g. an ELSTER certificate)',
      hoch: 'Sign in with the online ID card (German ID card with PIN)',
    })[level],
  ikfz: 'i-Kfz (vehicle registration on the internet)',
  externalLink: '(external website)',
  sections: {
    fullText: 'Description',
    prerequisites: 'Requirements',
    documents: 'Documents required',
    fees: 'Costs',
    deadlines: 'Deadlines',
    processingTime: 'Processing time',
    procedure: 'Procedure',
    forms: 'Forms',
    hints: 'Notes',
    legalBasis: 'Legal basis',
    furtherInfo: 'Further information',
    remedy: 'Legal remedy',
  },
  atAGlance: 'At a glance',
  contact: 'Contact',
  noAuthority: 'No office is recorded for this service yet.',
  notOfferedTitle: (town: string) => `${town} does not offer this service itself`,
  notOfferedAlternative: 'Where to get this service',
  notOfferedMark: (town: string) => `Not offered in ${town}`,
  localNoteTitle: (town: string) => `Notes from ${town}`,
  sampleData: 'Sample data',
  sampleDataNote: 'Phone and e-mail are invented sample data, not the authority’s real contact details.',
  address: 'Address',
  phone: 'Phone',
  email: 'E-mail',
  website: 'Website',
  room: 'Room',
  deepLink: 'This service on the authority’s website',
  contactPersons: 'Contact persons',
  accessibility: 'Access',
  openingHours: 'Opening hours',
  openNow: 'Open now',
  openUntil: (time: string) => `until ${time}`,
  closedNow: 'Closed now',
  opensAt: (when: string) => `opens ${when}`,
  today: 'today',
  tomorrow: 'tomorrow',
  at: (day: string, time: string) => `${day} at ${time}`,
  closed: 'closed',
  holidaysClosed: 'Closed on public holidays in North Rhine-Westphalia.',
  hoursUnknown: 'No opening hours recorded.',
  weekday: 'Day',
  times: 'Hours',
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  relatedLebenslagen: 'Related life situations',
  lastReviewed: 'Last reviewed',
  staleNote: (owner: string, date: string, holder: string) =>
    `${owner} changed this information on ${date}; ${holder}.`,
  staleOwner: {
    bund: 'The federal government',
    land: 'The state',
    regierungsbezirk: 'The regional government',
    kreis: 'The district',
    gemeindeverband: 'The municipal association',
  },
  staleHolder: (holder: StaleHolder) =>
    `${{ stadt: 'the town', gemeinde: 'the municipality', kreis: 'the district', gemeindeverband: 'the municipal association' }[holder]} is checking its own information`,
  lebenslageIntro: (n: number) =>
    n === 1 ? 'One service in this life situation:' : `${n} services in this life situation:`,
  lebenslageEmpty: 'There are no services for this life situation here yet.',
  notFoundTitle: 'Page not found',
  notFoundText: 'The address is wrong or the page no longer exists.',
  notFoundTown: (town: string) => `Search for the service, or look it up in the list of all services for ${town}.`,
  notFoundNoTown: 'Choose your town to see its services.',
  errorTitle: 'Something went wrong',
  errorText: 'Please try again later.',
  footerAbout: 'A joint service of the county and its towns and municipalities.',
  accessibilityStatement: 'Accessibility statement',
  imprint: 'Legal notice',
  privacy: 'Privacy',
  embedDocs: 'Embed on your website',
  sitemap: 'Sitemap',
  embedTitle: 'Embed the list of services on your website',
  embedSearchLabel: 'Search services',
  embedPreview: 'Preview',
  embedAll: 'All services',
};

const MESSAGES: Record<Lang, Messages> = { de, en };

/**
 * The deployment's county as the texts need it, from the data (area-names.ts): "im Kreis Soest", "der Landkreis
 * Mayen-Koblenz", "die StädteRegion Aachen" — never written into this file.
 */
export interface DeploymentNames {
  /** "Kreis Soest" */
  bare: string;
  /** "der Kreis Soest" */
  nom: string;
  /** "dem Kreis Soest" */
  dat: string;
  /** "im Kreis Soest" */
  inside: string;
  possessive: 'sein' | 'ihr';
  /** How many towns the portal has a site for. */
  towns: number;
  /** A town of the deployment and one of its postcodes, for the chooser's hint. */
  example?: { name: string; postcode: string | null } | undefined;
}

const contract = (preposition: 'von' | 'bei', dat: string): string =>
  dat.startsWith('dem ') ? `${preposition === 'von' ? 'vom' : 'beim'} ${dat.slice(4)}` : `${preposition} ${dat}`;
const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function countyTexts(lang: Lang, d: DeploymentNames): Partial<Messages> {
  if (lang === 'en')
    return {
      siteTagline: `Public services in ${d.bare} and its towns and municipalities`,
      countyHome: `${d.bare} – all places`,
      countyLabel: d.bare,
      ...(d.example && {
        chooserHint: d.example.postcode
          ? `For example “${d.example.name}” or “${d.example.postcode}”`
          : `For example “${d.example.name}”`,
      }),
      startTitle: `Your virtual town hall in ${d.bare}`,
      startIntro: `Find out which office is responsible for your request – your town or municipality, or ${d.bare} (the county) – and how to reach it.`,
      chooserAllTowns: `All towns and municipalities in ${d.bare}`,
      chooserNotFound: (input: string) =>
        `We found no place in ${d.bare} for “${input}”. Please check the spelling or choose your town from the list.`,
      countyServices: `Services of ${d.bare}`,
      townIntro: (town: string) =>
        `Public services for ${town}: from the town or municipal administration and from ${d.bare}.`,
      countyIntro: `Services of the county administration of ${d.bare}. For services of the towns, please choose where you live.`,
      legendCounty: `${d.bare} (the county) is responsible`,
      footerAbout: `A joint service of ${d.bare} and its ${d.towns} towns and municipalities.`,
    };
  const own = `${d.possessive}en`;
  return {
    siteTagline: `Verwaltungsleistungen ${d.inside} und ${own} Städten und Gemeinden`,
    countyHome: `${d.bare} – alle Orte`,
    countyLabel: d.bare,
    ...(d.example && {
      chooserHint: d.example.postcode
        ? `Zum Beispiel „${d.example.name}“ oder „${d.example.postcode}“`
        : `Zum Beispiel „${d.example.name}“`,
    }),
    startTitle: `Ihr virtuelles Rathaus ${d.inside}`,
    startIntro: `Finden Sie heraus, welche Stelle für Ihr Anliegen zuständig ist – Ihre Stadt oder Gemeinde oder ${d.nom} – und wie Sie sie erreichen.`,
    chooserAllTowns: `Alle Städte und Gemeinden ${d.inside}`,
    chooserNotFound: (input: string) =>
      `Zu „${input}“ haben wir keinen Ort ${d.inside} gefunden. Bitte prüfen Sie die Schreibweise oder wählen Sie Ihren Ort aus der Liste.`,
    countyServices: `Leistungen ${contract('bei', d.dat)}`,
    townIntro: (town: string) =>
      `Verwaltungsleistungen für ${town}: von der Stadt- oder Gemeindeverwaltung und ${contract('von', d.dat)}.`,
    countyIntro: `Leistungen ${contract('bei', d.dat)}. Für Leistungen der Städte und Gemeinden wählen Sie bitte Ihren Wohnort.`,
    legendCounty: `${capital(d.nom)} ist zuständig`,
    footerAbout: `Ein gemeinsames Angebot ${contract('von', d.dat)} und ${own} ${d.towns} Städten und Gemeinden.`,
  };
}

const withCounty = new Map<string, Messages>();

/** The texts of a language; with the deployment's county, the sentences that name it. */
export function messages(lang: Lang, deployment?: DeploymentNames | null): Messages {
  if (!deployment) return MESSAGES[lang];
  const key = `${lang}|${deployment.nom}|${deployment.bare}|${deployment.towns}|${deployment.example?.name}`;
  let m = withCounty.get(key);
  if (!m) {
    m = { ...MESSAGES[lang], ...countyTexts(lang, deployment) };
    if (withCounty.size > 64) withCounty.clear();
    withCounty.set(key, m);
  }
  return m;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}
