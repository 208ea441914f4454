import type { Area, Authority } from '../../catalog/catalog.ts';
import type { LegalPages } from '../legal-config.ts';
import type { PageContext } from '../page-context.ts';
import { areaDisplayName, mailtoHref, paths, telHref } from '../portal.ts';
import { Layout } from './layout.tsx';

// The legal pages of a deployment: the operator's data and statements come from configuration (legal-config.ts,
// LEGAL_PAGES_FILE); a town's own office comes from the catalog. Legal texts stay German on the English pages
// (marked lang="de").

export type LegalPageKind = 'barrierefreiheit' | 'impressum' | 'datenschutz';

const TITLES: Record<LegalPageKind, { de: string; en: string }> = {
  barrierefreiheit: { de: 'Erklärung zur Barrierefreiheit', en: 'Accessibility statement' },
  impressum: { de: 'Impressum', en: 'Legal notice' },
  datenschutz: { de: 'Datenschutzerklärung', en: 'Privacy policy' },
};

/** How long raw search misses are kept (the search feature's MISS_RETENTION_DAYS). */
const SEARCH_MISS_DAYS = 90;

function germanDay(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return `${d}.${m}.${y}`;
}

function WebLink({ url }: { url: string | null }) {
  if (!url) return null;
  return (
    <a class="kern-link" href={url}>
      {url.replace(/^https?:\/\//, '').replace(/\/$/, '')}
    </a>
  );
}

function Operator({ legal }: { legal: LegalPages }) {
  const op = legal.operator;
  const tel = op.phone ? telHref(op.phone) : null;
  const mail = op.email ? mailtoHref(op.email) : null;
  return (
    <address class="kern-body">
      {op.address.map((line, i) => (
        <>
          {i > 0 && <br />}
          {line}
        </>
      ))}
      {op.phone && (
        <>
          <br />
          Telefon:{' '}
          {tel ? (
            <a class="kern-link" href={tel}>
              {op.phone}
            </a>
          ) : (
            op.phone
          )}
        </>
      )}
      {op.email && (
        <>
          <br />
          E-Mail:{' '}
          {mail ? (
            <a class="kern-link" href={mail}>
              {op.email}
            </a>
          ) : (
            op.email
          )}
        </>
      )}
      {op.website && (
        <>
          <br />
          Internet: <WebLink url={op.website} />
        </>
      )}
    </address>
  );
}

function Office({ authority }: { authority: Authority }) {
  const tel = authority.phone ? telHref(authority.phone) : null;
  const mail = authority.email ? mailtoHref(authority.email) : null;
  return (
    <address class="kern-body">
      {authority.name}
      <br />
      {authority.address.street}
      <br />
      {[authority.address.postcode, authority.address.city].filter(Boolean).join(' ')}
      {authority.phone && (
        <>
          <br />
          Telefon:{' '}
          {tel ? (
            <a class="kern-link" href={tel}>
              {authority.phone}
            </a>
          ) : (
            authority.phone
          )}
        </>
      )}
      {authority.email && (
        <>
          <br />
          E-Mail:{' '}
          {mail ? (
            <a class="kern-link" href={mail}>
              {authority.email}
            </a>
          ) : (
            authority.email
          )}
        </>
      )}
      {authority.sample && (
        <>
          <br />
          (Beispieldaten)
        </>
      )}
    </address>
  );
}

export function LegalPage({
  ctx,
  area,
  kind,
  authority,
  legal,
}: {
  ctx: PageContext;
  area: Area;
  kind: LegalPageKind;
  /** The area's main office from the catalog (a town's own contact for its own entries). */
  authority: Authority | null;
  legal: LegalPages;
}) {
  const name = areaDisplayName(area);
  const title = TITLES[kind][ctx.lang];
  const lang = ctx.lang === 'de' ? undefined : 'de';
  const path = { barrierefreiheit: paths.accessibility, impressum: paths.imprint, datenschutz: paths.privacy }[kind](
    area.slug,
  );
  // The operator's own site needs no second address; a town's pages also name the town's office.
  const local = authority && authority.name !== legal.operator.name ? authority : null;
  return (
    <Layout
      ctx={ctx}
      title={title}
      canonicalPath={path}
      breadcrumbs={[{ label: name, path: paths.town(area.slug) }, { label: title }]}
    >
      <h1 class="kern-heading-x-large">{title}</h1>
      <div class="aw-legal" lang={lang}>
        {kind === 'barrierefreiheit' && <Accessibility legal={legal} local={local} />}
        {kind === 'impressum' && <Imprint name={name} legal={legal} local={local} />}
        {kind === 'datenschutz' && <Privacy legal={legal} />}
      </div>
    </Layout>
  );
}

function Accessibility({ legal, local }: { legal: LegalPages; local: Authority | null }) {
  const a = legal.accessibility;
  const enf = a.enforcement;
  const mail = enf.email ? mailtoHref(enf.email) : null;
  return (
    <>
      <p class="kern-body">
        {legal.operator.name} ist bemüht, das Virtuelle Rathaus im Einklang mit {a.law} barrierefrei zugänglich zu
        machen.
      </p>
      <h2 class="kern-heading-medium">Stand der Vereinbarkeit mit den Anforderungen</h2>
      <p class="kern-body">
        Die Seiten sind mit den Anforderungen der WCAG 2.1 (Stufe AA) und der BITV 2.0 {a.conformance}.
      </p>
      <h2 class="kern-heading-medium">Nicht barrierefreie Inhalte</h2>
      <ul class="kern-list kern-list--bullet">
        {a.knownIssues.map((issue) => (
          <li>{issue}</li>
        ))}
      </ul>
      <h2 class="kern-heading-medium">Erstellung dieser Erklärung</h2>
      <p class="kern-body">
        Diese Erklärung wurde am {germanDay(a.createdOn)} erstellt und zuletzt am {germanDay(a.reviewedOn)} überprüft.
        Methode: {a.method}
      </p>
      <h2 class="kern-heading-medium">Feedback und Kontakt</h2>
      <p class="kern-body">
        Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder benötigen Sie Inhalte in einer anderen Form? Dann
        wenden Sie sich bitte an:
      </p>
      <Operator legal={legal} />
      {local && (
        <>
          <p class="kern-body">oder für die Angaben Ihrer Stadt oder Gemeinde an:</p>
          <Office authority={local} />
        </>
      )}
      <p class="kern-body">
        Einen Fehler auf einer Leistungsseite können Sie auch direkt dort über „Fehler melden“ mitteilen.
      </p>
      <h2 class="kern-heading-medium">Durchsetzungsverfahren</h2>
      <p class="kern-body">
        Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die {enf.name}{' '}
        wenden ({enf.law}).
        {enf.website && (
          <>
            {' '}
            Internet: <WebLink url={enf.website} />
          </>
        )}
        {enf.email && mail && (
          <>
            {' '}
            E-Mail:{' '}
            <a class="kern-link" href={mail}>
              {enf.email}
            </a>
          </>
        )}
      </p>
    </>
  );
}

function Imprint({ name, legal, local }: { name: string; legal: LegalPages; local: Authority | null }) {
  const op = legal.operator;
  return (
    <>
      <h2 class="kern-heading-medium">Herausgeber</h2>
      <p class="kern-body">{op.name}</p>
      <Operator legal={legal} />
      <p class="kern-body">
        {op.name} ist eine {op.legalForm}. {op.name} wird vertreten durch {op.representedBy}.
      </p>
      <h2 class="kern-heading-medium">Verantwortlich für den Inhalt</h2>
      <p class="kern-body">{legal.contentResponsibility}</p>
      {local && (
        <>
          <h2 class="kern-heading-medium">Angaben von {name}</h2>
          <Office authority={local} />
        </>
      )}
      <h2 class="kern-heading-medium">Fehler melden</h2>
      <p class="kern-body">
        Stimmt eine Angabe nicht? Auf jeder Leistungsseite führt „Fehler melden“ direkt zu der Verwaltung, die sie
        pflegt.
      </p>
    </>
  );
}

function Privacy({ legal }: { legal: LegalPages }) {
  const sup = legal.supervisoryAuthority;
  return (
    <>
      <h2 class="kern-heading-medium">Verantwortliche Stelle</h2>
      <p class="kern-body">{legal.operator.name}</p>
      <Operator legal={legal} />
      <p class="kern-body">Datenschutzbeauftragte oder Datenschutzbeauftragter: {legal.dataProtectionOfficer}.</p>
      <h2 class="kern-heading-medium">Was wir speichern</h2>
      <ul class="kern-list kern-list--bullet">
        <li>
          Server-Protokolle: Beim Aufruf einer Seite werden Datum, Uhrzeit, aufgerufene Adresse und technische Angaben
          zum Browser verarbeitet, um den Betrieb und die Sicherheit zu gewährleisten (Art. 6 Abs. 1 lit. e DSGVO in
          Verbindung mit § 3 DSG NRW). Die Protokolle werden nach {legal.serverLogDays} Tagen gelöscht.
        </li>
        <li>
          Ein Cookie „amtsweg_ort“: Nur wenn Sie Ihren Wohnort auswählen, merken wir uns diesen Ort (zum Beispiel
          „geseke“) für ein Jahr in Ihrem Browser, damit die Startseite ihn beim nächsten Besuch anbietet. Der Cookie
          enthält keine weiteren Angaben; Sie können ihn jederzeit in Ihrem Browser löschen (§ 25 Abs. 2 Nr. 2 TDDDG).
        </li>
        <li>
          Suchanfragen ohne Treffer: Damit die Verwaltung fehlende Leistungen findet, zählen wir solche Suchbegriffe je
          Ort zusammengefasst (Begriff, Anzahl, erstes und letztes Auftreten) – ohne Adresse, Cookie oder sonstigen
          Bezug zu Ihrer Person. Nur angemeldete Redakteurinnen und Redakteure des Ortes sehen sie; ein Begriff, der{' '}
          {SEARCH_MISS_DAYS} Tage lang nicht mehr gesucht wurde, wird gelöscht.
        </li>
        <li>
          Fehlermeldungen: Wenn Sie über „Fehler melden“ einen Fehler mitteilen, speichern wir Ihre Beschreibung, die
          Seite und die dort gezeigte Angabe für die Verwaltung, die die Angabe pflegt. Eine E-Mail-Adresse ist
          freiwillig; wir nutzen sie nur, um Ihnen zu antworten, und geben sie nicht weiter. Ihre IP-Adresse wird nur
          kurz und nur im Arbeitsspeicher als Prüfsumme (Hash) gehalten, um massenhafte Meldungen abzuwehren, und nicht
          gespeichert. Ist eine Meldung erledigt, wird sie nach der vom Betreiber festgelegten Frist gelöscht
          (voreingestellt 365 Tage nach dem Abschluss).
        </li>
        <li>
          Ein Cookie „amtsweg_sprache“: Nur wenn Sie die Sprache wechseln, merken wir uns Ihre Wahl (Deutsch oder
          Englisch) für ein Jahr in Ihrem Browser, damit die Startseite in dieser Sprache erscheint. Er enthält keine
          weiteren Angaben (§ 25 Abs. 2 Nr. 2 TDDDG).
        </li>
      </ul>
      <h2 class="kern-heading-medium">Was wir nicht tun</h2>
      <p class="kern-body">
        Das Virtuelle Rathaus setzt keine Analyse-, Tracking- oder Werbedienste ein. Schriften, Skripte und Stylesheets
        werden vom eigenen Server geladen; beim Besuch werden keine Daten an Dritte übertragen. Erst wenn Sie einem Link
        zu einem Online-Dienst oder einer anderen Website folgen, gelten deren Datenschutzbestimmungen.
      </p>
      <h2 class="kern-heading-medium">Ihre Rechte</h2>
      <p class="kern-body">
        Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und Widerspruch (Art.
        15 bis 21 DSGVO) sowie das Recht auf Beschwerde bei der Aufsichtsbehörde: {sup.name}
        {sup.website && (
          <>
            {' '}
            (<WebLink url={sup.website} />)
          </>
        )}
        .
      </p>
    </>
  );
}
