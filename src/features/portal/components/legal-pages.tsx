import type { Area, Authority } from '../../catalog/catalog.ts';
import type { PageContext } from '../page-context.ts';
import { areaDisplayName, mailtoHref, paths, telHref } from '../portal.ts';
import { Layout } from './layout.tsx';

// Templates each town completes before going live. They are legal texts, so they stay German on the English pages
// (marked lang="de"); placeholders are in square brackets and the notice at the top says so.

export type LegalPageKind = 'barrierefreiheit' | 'impressum' | 'datenschutz';

const TITLES: Record<LegalPageKind, { de: string; en: string }> = {
  barrierefreiheit: { de: 'Erklärung zur Barrierefreiheit', en: 'Accessibility statement' },
  impressum: { de: 'Impressum', en: 'Legal notice' },
  datenschutz: { de: 'Datenschutzerklärung', en: 'Privacy policy' },
};

function TemplateNotice({ ctx }: { ctx: PageContext }) {
  return (
    <div class="kern-alert kern-alert--info aw-template-notice">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--info" aria-hidden="true" />
        <p class="kern-title">{ctx.lang === 'de' ? 'Vorlage' : 'Template'}</p>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">
          {ctx.lang === 'de'
            ? 'Diese Seite ist eine Vorlage. Angaben in eckigen Klammern ergänzt die Verwaltung vor der Veröffentlichung.'
            : 'This page is a template (in German). The administration completes the details in square brackets before publishing.'}
        </p>
      </div>
    </div>
  );
}

function Office({ authority }: { authority: Authority | null }) {
  if (!authority) return <p class="kern-body">[Anschrift der Verwaltung]</p>;
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
}: {
  ctx: PageContext;
  area: Area;
  kind: LegalPageKind;
  authority: Authority | null;
}) {
  const name = areaDisplayName(area);
  const title = TITLES[kind][ctx.lang];
  const lang = ctx.lang === 'de' ? undefined : 'de';
  const path = { barrierefreiheit: paths.accessibility, impressum: paths.imprint, datenschutz: paths.privacy }[kind](
    area.slug,
  );
  return (
    <Layout
      ctx={ctx}
      title={title}
      canonicalPath={path}
      breadcrumbs={[{ label: name, path: paths.town(area.slug) }, { label: title }]}
    >
      <h1 class="kern-heading-x-large">{title}</h1>
      <TemplateNotice ctx={ctx} />
      <div class="aw-legal" lang={lang}>
        {kind === 'barrierefreiheit' && <Accessibility name={name} authority={authority} />}
        {kind === 'impressum' && <Imprint name={name} authority={authority} />}
        {kind === 'datenschutz' && <Privacy name={name} authority={authority} />}
      </div>
    </Layout>
  );
}

function Accessibility({ name, authority }: { name: string; authority: Authority | null }) {
  return (
    <>
      <p class="kern-body">
        {name} ist bemüht, das Virtuelle Rathaus im Einklang mit dem Behindertengleichstellungsgesetz
        Nordrhein-Westfalen (BGG NRW) und der Barrierefreie-Informationstechnik-Verordnung NRW (BITVNRW) barrierefrei
        zugänglich zu machen.
      </p>
      <h2 class="kern-heading-medium">Stand der Vereinbarkeit mit den Anforderungen</h2>
      <p class="kern-body">
        Die Seiten sind mit den Anforderungen der WCAG 2.1 (Stufe AA) und der BITV 2.0 [weitgehend] vereinbar. Jede
        Seitenart wird bei jeder Änderung automatisch mit axe-core geprüft; die Tastaturbedienung, eine Vergrößerung auf
        400 % und eine Breite von 320 Pixeln werden in Browser-Tests geprüft.
      </p>
      <h2 class="kern-heading-medium">Nicht barrierefreie Inhalte</h2>
      <ul class="kern-list kern-list--bullet">
        <li>Verlinkte Online-Dienste und Formulare anderer Anbieter liegen nicht in unserer Verantwortung.</li>
        <li>[Weitere bekannte Einschränkungen, mit Begründung und Alternative]</li>
      </ul>
      <h2 class="kern-heading-medium">Erstellung dieser Erklärung</h2>
      <p class="kern-body">
        Diese Erklärung wurde am [Datum] erstellt und zuletzt am [Datum] überprüft (Selbstbewertung).
      </p>
      <h2 class="kern-heading-medium">Feedback und Kontakt</h2>
      <p class="kern-body">
        Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder benötigen Sie Inhalte in einer anderen Form? Dann
        wenden Sie sich bitte an:
      </p>
      <Office authority={authority} />
      <h2 class="kern-heading-medium">Durchsetzungsverfahren</h2>
      <p class="kern-body">
        Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Ombudsstelle für
        barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden (§ 10d BGG NRW). [Anschrift und Kontakt
        der Ombudsstelle]
      </p>
    </>
  );
}

function Imprint({ name, authority }: { name: string; authority: Authority | null }) {
  return (
    <>
      <h2 class="kern-heading-medium">Herausgeber</h2>
      <Office authority={authority} />
      <p class="kern-body">
        {name} ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch [die Bürgermeisterin / den
        Bürgermeister bzw. die Landrätin / den Landrat, Name].
      </p>
      <h2 class="kern-heading-medium">Verantwortlich für den Inhalt</h2>
      <p class="kern-body">[Name, Funktion, Anschrift]</p>
      <h2 class="kern-heading-medium">Gemeinsamer Leistungskatalog</h2>
      <p class="kern-body">
        Die Leistungsbeschreibungen pflegen der Kreis Soest und seine Städte und Gemeinden gemeinsam. Für die Angaben zu
        einer Stelle ist die jeweilige Behörde verantwortlich.
      </p>
      <h2 class="kern-heading-medium">Umsatzsteuer-Identifikationsnummer</h2>
      <p class="kern-body">[USt-IdNr. nach § 27a UStG]</p>
    </>
  );
}

function Privacy({ name, authority }: { name: string; authority: Authority | null }) {
  return (
    <>
      <h2 class="kern-heading-medium">Verantwortliche Stelle</h2>
      <Office authority={authority} />
      <p class="kern-body">Datenschutzbeauftragte oder Datenschutzbeauftragter: [Name, Kontakt]</p>
      <h2 class="kern-heading-medium">Was wir verarbeiten</h2>
      <ul class="kern-list kern-list--bullet">
        <li>
          Server-Protokolle: Beim Aufruf einer Seite werden Datum, Uhrzeit, aufgerufene Adresse und technische Angaben
          zum Browser verarbeitet, um den Betrieb und die Sicherheit zu gewährleisten (Art. 6 Abs. 1 lit. e DSGVO in
          Verbindung mit § 3 DSG NRW). [Speicherdauer]
        </li>
        <li>
          Ein Cookie „amtsweg_ort“: Nur wenn Sie Ihren Wohnort auswählen, merken wir uns diesen Ort (zum Beispiel
          „geseke“) für ein Jahr in Ihrem Browser, damit die Startseite ihn beim nächsten Besuch anbietet. Der Cookie
          enthält keine weiteren Angaben; Sie können ihn jederzeit in Ihrem Browser löschen (§ 25 Abs. 2 Nr. 2 TDDDG).
        </li>
        <li>Suchanfragen werden ohne Personenbezug ausgewertet, um fehlende Leistungen zu finden.</li>
      </ul>
      <h2 class="kern-heading-medium">Was wir nicht tun</h2>
      <p class="kern-body">
        {name} setzt im Virtuellen Rathaus keine Analyse- oder Werbedienste ein. Schriften, Skripte und Stylesheets
        werden vom eigenen Server geladen; beim Besuch werden keine Daten an Dritte übertragen. Erst wenn Sie einem Link
        zu einem Online-Dienst oder einer anderen Website folgen, gelten deren Datenschutzbestimmungen.
      </p>
      <h2 class="kern-heading-medium">Ihre Rechte</h2>
      <p class="kern-body">
        Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und Widerspruch (Art.
        15 bis 21 DSGVO) sowie das Recht auf Beschwerde bei der Landesbeauftragten für Datenschutz und
        Informationsfreiheit Nordrhein-Westfalen.
      </p>
    </>
  );
}
