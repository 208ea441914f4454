import type { ComponentChildren } from 'preact';
import type { JsonLd } from '../../../interop/schema-org/schema-org.ts';
import { berlinIsoDay, longDate, longDay } from '../../../shared/berlin-time.ts';
import { areaPhrases } from '../../areas/index.ts';
import { type Area, areaKeyKind, type Lebenslage } from '../../catalog/catalog.ts';
import type { ResponsibilityException } from '../../responsibility/resolver.ts';
import type { ResolvedService } from '../../responsibility/responsibility.ts';
import type { StaleHolder } from '../i18n.ts';
import type { LastReviewed } from '../last-reviewed.ts';
import { href, isCountySite, type PageContext } from '../page-context.ts';
import { areaDisplayName, type Marker, markerFor, paths, safeHttpUrl } from '../portal.ts';
import { ContactCard } from './contact-card.tsx';
import { Icon } from './icons.tsx';
import { Layout } from './layout.tsx';
import { ResponsibilityMarker } from './responsibility-marker.tsx';
import { Texts } from './texts.tsx';
import { lebenslageName } from './town-page.tsx';

/**
 * "der Kreis Soest", "die Stadt Geseke", "der Landkreis Mayen-Koblenz", "die Ortsgemeinde Kettig": the article German
 * needs in "Zuständig ist …". From the register's kind when the area has one (area-names.ts), else from the label.
 */
export function withArticle(label: string, area?: Area | null, tiers: readonly string[] = []): string {
  const phrases = area ? areaPhrases({ name: area.name, registerKind: area.registerKind, tiers }) : null;
  if (phrases && phrases.bare === label) return phrases.nom;
  if (
    /^(Stadt|Gemeinde|Ortsgemeinde|Samtgemeinde|Verbandsgemeinde|Hansestadt|Bezirksregierung|Region|StädteRegion|Verwaltungsgemeinschaft)\b/.test(
      label,
    )
  )
    return `die ${label}`;
  if (
    /^(Kreis|Landkreis|Stadtkreis|Markt|Bund|Regierungsbezirk|Regionalverband|Gemeindeverwaltungsverband)\b/.test(label)
  )
    return `der ${label}`;
  if (/^(Land|Amt)\b/.test(label)) return `das ${label}`;
  return label;
}

function Section({
  id,
  title,
  text,
  lang,
}: {
  id: string;
  title: string;
  text: string | null | undefined;
  lang: string | undefined;
}) {
  if (!text) return null;
  return (
    <section class="aw-section aw-service-section" aria-labelledby={id}>
      <h2 class="kern-heading-medium" id={id}>
        {title}
      </h2>
      <Texts text={text} lang={lang} />
    </section>
  );
}

/** "Lippstadt, Soest, Warstein und Werl" */
function joinNames(names: readonly string[], and: string): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;
}

/** An area's display name when the portal knows it, else the name the answer carries. */
function nameOf(ctx: PageContext, ags: string, fallback: string | null): string {
  const area = ctx.areaOf(ags);
  return area ? areaDisplayName(area) : (fallback ?? ags);
}

/**
 * The one question when the place of the matter decides (place of birth, plot, business premises): a plain GET form
 * with the place chooser, so it works without JavaScript; the chosen place comes back as `?ort=<slug>`.
 */
function PlaceQuestion({
  ctx,
  area,
  service,
  choices,
}: {
  ctx: PageContext;
  area: Area;
  service: ResolvedService;
  choices: PlaceChoices | null;
}) {
  const { t } = ctx;
  const decided = service.responsible.decidedBy;
  if (!decided) return null;
  const action = href(ctx, paths.service(area.slug, service.id));
  return (
    <>
      {choices && (
        <div class="aw-place-choices" role="status">
          <p class="kern-body">{t.placePostcodeShared(choices.postcode)}</p>
          <ul class="kern-list">
            {choices.areas.map((a) => (
              <li>
                <a class="kern-link" href={`${action}?ort=${encodeURIComponent(a.slug)}`}>
                  {areaDisplayName(a)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <PlaceForm ctx={ctx} action={action} decided={decided} />
    </>
  );
}

/** A postcode of the place that several areas share (Berlin's Bezirke): the citizen picks one. */
export interface PlaceChoices {
  postcode: string;
  areas: Area[];
}

function PlaceForm({
  ctx,
  action,
  decided,
}: {
  ctx: PageContext;
  action: string;
  decided: NonNullable<ResolvedService['responsible']['decidedBy']>;
}) {
  const { t } = ctx;
  return (
    <>
      <form class="aw-place-question" method="get" action={action}>
        <p class="kern-body">{decided.assumed ? t.placeAssumed(decided.areaName) : t.placeDecided(decided.areaName)}</p>
        <label class="kern-label" for="ort">
          {t.placeQuestion(decided.factor)}
        </label>
        <p class="kern-body kern-body--small" id="ort-hilfe">
          {t.placeQuestionHelp}
        </p>
        <select class="kern-form-input__select" id="ort" name="ort" aria-describedby="ort-hilfe">
          {ctx.towns.map((town) => (
            <option value={town.slug} selected={town.ags === decided.areaAgs}>
              {areaDisplayName(town)}
            </option>
          ))}
        </select>{' '}
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.placeSubmit}</span>
        </button>
      </form>
      <form class="aw-place-question" method="get" action={action}>
        <label class="kern-label" for="ort-plz">
          {t.placePostcode}
        </label>{' '}
        <input
          class="kern-form-input__input"
          id="ort-plz"
          name="ort"
          inputMode="numeric"
          pattern="[0-9]{5}"
          size={6}
          autoComplete="postal-code"
        />{' '}
        <button class="kern-btn kern-btn--secondary" type="submit">
          <span class="kern-label">{t.placeSubmit}</span>
        </button>
      </form>
    </>
  );
}

/** The county page names every town that answers differently, each linked to its own answer. */
function Exceptions({
  ctx,
  service,
  exceptions,
}: {
  ctx: PageContext;
  service: ResolvedService;
  exceptions: readonly ResponsibilityException[];
}) {
  const { t } = ctx;
  if (exceptions.length === 0) return null;
  const contentLang = ctx.lang === 'de' ? undefined : 'de';
  return (
    <div class="aw-exceptions">
      <h3 class="kern-heading-small">{t.exceptionsTitle}</h3>
      <ul class="kern-list">
        {exceptions.map((g) => {
          const names = joinNames(
            g.areas.map((a) => a.name),
            t.listAnd,
          );
          const who = g.areaAgs ? nameOf(ctx, g.areaAgs, g.areaName) : null;
          return (
            <li>
              <span lang={contentLang}>{who ? t.exceptionsOther(names, who) : t.exceptionsOwn(names)}</span>{' '}
              {g.areas.map((a, i) => (
                <>
                  {i > 0 && ', '}
                  <a class="kern-link" href={href(ctx, paths.service(a.slug, service.id))}>
                    {a.name}
                  </a>
                </>
              ))}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Responsibility({
  ctx,
  area,
  service,
  marker,
  exceptions,
  placeChoices,
}: {
  ctx: PageContext;
  area: Area;
  service: ResolvedService;
  marker: Marker;
  exceptions: readonly ResponsibilityException[];
  placeChoices: PlaceChoices | null;
}) {
  const { t } = ctx;
  const r = service.responsible;
  const contentLang = ctx.lang === 'de' ? undefined : 'de';
  const who = ctx.lang === 'de' ? withArticle(marker.label, ctx.areaOf(r.areaAgs)) : marker.label;
  return (
    <section class={`aw-responsibility aw-responsibility--${marker.kind}`} aria-labelledby="zustaendigkeit">
      <h2 class="kern-heading-medium" id="zustaendigkeit">
        {t.whoIsResponsible}
      </h2>
      <p class="aw-responsibility__marker">
        <ResponsibilityMarker marker={marker} t={t} large />
      </p>
      {marker.kind === 'any-town' ? (
        <>
          <p class="kern-body aw-responsibility__who">{t.chooseTownForService}</p>
          <ul class="aw-town-list" id="ort-waehlen">
            {ctx.towns.map((town) => (
              <li>
                <a class="kern-link" href={href(ctx, paths.service(town.slug, service.id))}>
                  {areaDisplayName(town)}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="kern-body aw-responsibility__who">
          <strong>{t.responsibleIs(who)}</strong>
          {r.reason && (
            <>
              {' '}
              <span lang={contentLang}>{r.reason}</span>
            </>
          )}
        </p>
      )}
      {r.contactPoint && r.authority && (
        <p class="kern-body aw-responsibility__point" lang={contentLang}>
          {t.contactPointExplain(r.contactPoint.name, r.authority.name)}
        </p>
      )}
      {r.upcoming && (
        <p class="kern-body aw-responsibility__upcoming" lang={contentLang}>
          <strong>
            {t.upcomingChange(
              longDay(r.upcoming.from, ctx.lang),
              // Same level and area, another unit: name the unit; otherwise the area that takes over.
              r.upcoming.level === r.level && r.upcoming.areaAgs === r.areaAgs && r.upcoming.authorityName
                ? r.upcoming.authorityName
                : r.upcoming.areaAgs
                  ? nameOf(ctx, r.upcoming.areaAgs, r.upcoming.areaName)
                  : (r.upcoming.areaName ?? r.upcoming.level),
            )}
          </strong>
          {r.upcoming.reason && ` ${r.upcoming.reason}`}
        </p>
      )}
      {r.legalBasis && (
        <p class="kern-body kern-body--small aw-responsibility__law">
          <span class="aw-label">{t.legalBasisResponsibility}:</span> <span lang={contentLang}>{r.legalBasis}</span>
        </p>
      )}
      <PlaceQuestion ctx={ctx} area={area} service={service} choices={placeChoices} />
      <Exceptions ctx={ctx} service={service} exceptions={exceptions} />
    </section>
  );
}

function Contact({ ctx, service }: { ctx: PageContext; service: ResolvedService }) {
  const { t } = ctx;
  const r = service.responsible;
  if (r.level === 'gemeinde' && ctx.area && isCountySite(ctx, ctx.area)) return null;
  return (
    <section class="aw-section aw-contacts" aria-labelledby="kontakt">
      <h2 class="kern-heading-medium" id="kontakt">
        {t.contact}
      </h2>
      {r.contactPoint ? (
        <div class="aw-contact-grid">
          <div>
            <h3 class="kern-heading-small aw-contact-role">{t.placeToGo}</h3>
            <ContactCard
              ctx={ctx}
              authority={r.contactPoint}
              contacts={r.contacts}
              heading="h4"
              id="kontakt-ansprechpunkt"
            />
          </div>
          {r.authority && (
            <div>
              <h3 class="kern-heading-small aw-contact-role">{t.decidingAuthority}</h3>
              <ContactCard ctx={ctx} authority={r.authority} contacts={r.contacts} heading="h4" id="kontakt-behoerde" />
            </div>
          )}
        </div>
      ) : r.authority ? (
        <ContactCard ctx={ctx} authority={r.authority} contacts={r.contacts} heading="h3" id="kontakt-behoerde" />
      ) : (
        <p class="kern-body">{t.noAuthority}</p>
      )}
    </section>
  );
}

/** Since when each field the town overrides was changed by the service's owner (decision 0140). */
export type StaleSince = Partial<Record<'fullText' | 'fees' | 'documents' | 'onlineServices', string>>;

/**
 * The town's own value stays on the page while it checks it; the reader learns that the owner's text changed and
 * since when ("Der Kreis hat diese Angabe am … geändert; die Stadt prüft ihre eigene Angabe.").
 */
function StaleNote({
  ctx,
  area,
  service,
  since,
}: {
  ctx: PageContext;
  area: Area;
  service: ResolvedService;
  since: string | undefined;
}) {
  if (!since) return null;
  const { t } = ctx;
  const owner = t.staleOwner[areaKeyKind(service.ownerAgs) ?? ''] ?? service.ownerAgs;
  // The value may come from the Kreis or Gemeindeverband above the town (decision 0238): that one checks it.
  const holderKind = service.localFrom && service.localFrom !== area.ags ? areaKeyKind(service.localFrom) : null;
  const holder: StaleHolder =
    holderKind === 'kreis' || holderKind === 'gemeindeverband'
      ? holderKind
      : /stadt/i.test(area.kind)
        ? 'stadt'
        : 'gemeinde';
  return (
    <p class="kern-body aw-stale-note" data-testid="stale-note">
      {t.staleNote(owner, longDate(since, ctx.lang), t.staleHolder(holder))}
    </p>
  );
}

/** The town has said it does not offer this county service itself: why, and where to go instead. */
function NotOffered({ ctx, area, service }: { ctx: PageContext; area: Area; service: ResolvedService }) {
  const { t } = ctx;
  const info = service.notOffered;
  if (!info) return null;
  const url = info.alternativeUrl ? safeHttpUrl(info.alternativeUrl) : null;
  const lang = ctx.lang === 'de' ? undefined : 'de';
  return (
    <div class="kern-alert kern-alert--warning aw-section" role="note" aria-labelledby="nicht-angeboten">
      <div class="kern-alert__header">
        <h2 class="kern-title" id="nicht-angeboten">
          {t.notOfferedTitle(areaDisplayName(area))}
        </h2>
      </div>
      <div class="kern-alert__body">
        {info.reason && (
          <p class="kern-body" lang={lang}>
            {info.reason}
          </p>
        )}
        {info.alternativeServiceId && (
          <p class="kern-body">
            <a class="kern-link" href={href(ctx, paths.service(area.slug, info.alternativeServiceId))}>
              {t.notOfferedAlternative}
            </a>
          </p>
        )}
        {url && (
          <p class="kern-body">
            <a class="kern-link" href={url}>
              {t.notOfferedAlternative}
              <span class="aw-visually-hidden"> {t.externalLink}</span>
            </a>
          </p>
        )}
      </div>
    </div>
  );
}

/**
 * A service as seen from one town: who is responsible (town or Kreis) and why, then what to bring, costs, duration,
 * procedure, the online service, and the contact card of the place to go and of the deciding authority.
 */
export function ServicePage({
  ctx,
  area,
  service,
  lebenslagen,
  canonicalPath,
  jsonLd,
  lastReviewed = null,
  exceptions = [],
  placeChoices = null,
  stale = {},
  notice = null,
}: {
  ctx: PageContext;
  area: Area;
  service: ResolvedService;
  lebenslagen: Lebenslage[];
  /** null: not to be indexed (a service the town does not offer, see `canonicalServicePath`; the editors' preview). */
  canonicalPath: string | null;
  jsonLd: JsonLd[];
  /** When a person last confirmed the text for this town, else its last published change (null: unknown). */
  lastReviewed?: LastReviewed | null;
  /** On the county's page: the towns that answer differently (resolver `exceptionsBelow`). */
  exceptions?: readonly ResponsibilityException[];
  /** A postcode given for the place that several areas share: the choice to offer. */
  placeChoices?: PlaceChoices | null;
  /** The town's own values whose field the owner changed since, and since when. */
  stale?: StaleSince;
  /** Shown above the heading (the editors' preview says what it is and links back). */
  notice?: ComponentChildren;
}) {
  const { t } = ctx;
  const s = t.sections;
  const name = areaDisplayName(area);
  // The local note may be the Verband's or the Kreis's, reaching this town (decision 0238): it names who wrote it.
  const localFrom = service.localFrom && service.localFrom !== area.ags ? service.localFrom : null;
  const marker = markerFor(service, ctx, t.markerYourTown);
  const lang = ctx.lang === 'de' ? undefined : 'de';
  const online = service.onlineServices.flatMap((o) => {
    const url = safeHttpUrl(o.url);
    return url ? [{ ...o, url }] : [];
  });
  // "Online erledigen" only for a real online procedure; booking pages and pages to read get their own places.
  const procedures = online.filter((o) => o.type === 'antrag' || o.type === 'ikfz');
  const booking = online.filter((o) => o.type === 'termin');
  const reading = online.filter((o) => o.type === 'information' || o.type === 'auskunft');
  const forms = service.forms.flatMap((f) => {
    const url = safeHttpUrl(f.url);
    return url ? [{ ...f, url }] : [];
  });
  const related = lebenslagen.filter((l) => service.lebenslagen.includes(l.id));
  return (
    <Layout
      ctx={ctx}
      title={service.name}
      description={service.teaser}
      canonicalPath={canonicalPath}
      jsonLd={jsonLd}
      breadcrumbs={[
        { label: name, path: paths.town(area.slug) },
        { label: t.azTitle, path: paths.az(area.slug) },
        { label: service.name },
      ]}
    >
      {notice}
      <h1 class="kern-heading-x-large" lang={lang}>
        {service.name}
      </h1>
      {service.teaser && (
        <p class="kern-body kern-body--large aw-lead" lang={lang}>
          {service.teaser}
        </p>
      )}
      {service.notOffered && <NotOffered ctx={ctx} area={area} service={service} />}
      {/* Not offered here: the named alternative instead of a contact block that would send people to the wrong door. */}
      {!service.notOffered && (
        <Responsibility
          ctx={ctx}
          area={area}
          service={service}
          marker={marker}
          exceptions={exceptions}
          placeChoices={placeChoices}
        />
      )}
      <Section id="beschreibung" title={s.fullText} text={service.fullText} lang={lang} />
      <Section
        id="hinweise-vor-ort"
        title={t.localNoteTitle(localFrom ? nameOf(ctx, localFrom, null) : name)}
        text={service.localText}
        lang={lang}
      />
      <StaleNote ctx={ctx} area={area} service={service} since={stale.fullText} />
      <Section id="voraussetzungen" title={s.prerequisites} text={service.prerequisites} lang={lang} />
      <Section id="unterlagen" title={s.documents} text={service.documents} lang={lang} />
      <StaleNote ctx={ctx} area={area} service={service} since={stale.documents} />
      <Section id="kosten" title={s.fees} text={service.fees} lang={lang} />
      <StaleNote ctx={ctx} area={area} service={service} since={stale.fees} />
      <Section id="fristen" title={s.deadlines} text={service.deadlines} lang={lang} />
      <Section id="dauer" title={s.processingTime} text={service.processingTime} lang={lang} />
      <Section id="ablauf" title={s.procedure} text={service.procedure} lang={lang} />
      {procedures.length > 0 && (
        <section class="aw-section aw-online" aria-labelledby="online">
          <h2 class="kern-heading-medium" id="online">
            {t.online}
          </h2>
          <ul class="aw-online__list">
            {procedures.map((o) => (
              <li>
                <a class="kern-btn kern-btn--primary aw-online__button" href={o.url}>
                  <span class="kern-label" lang={lang}>
                    {o.title}
                  </span>
                  <Icon name="external" />
                  <span class="aw-visually-hidden"> {t.externalLink}</span>
                </a>
                {(o.type === 'ikfz' || o.trustLevel) && (
                  <p class="kern-body kern-body--small aw-online__note">
                    {[o.type === 'ikfz' ? t.ikfz : null, o.trustLevel ? t.trustLevel(o.trustLevel) : null]
                      .filter(Boolean)
                      .join('. ')}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {booking.length > 0 && (
        <section class="aw-section aw-online" aria-labelledby="termin">
          <h2 class="kern-heading-medium" id="termin">
            {t.booking}
          </h2>
          <ul class="aw-online__list">
            {booking.map((o) => (
              <li>
                <a class="kern-btn kern-btn--secondary aw-online__button" href={o.url}>
                  <span class="kern-label">{t.bookAppointment}</span>
                  <Icon name="external" />
                  <span class="aw-visually-hidden"> {t.externalLink}</span>
                </a>
                <p class="kern-body kern-body--small aw-online__note" lang={lang}>
                  {o.title}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {reading.length > 0 && (
        <section class="aw-section" aria-labelledby="mehr-im-netz">
          <h2 class="kern-heading-medium" id="mehr-im-netz">
            {t.moreOnline}
          </h2>
          <ul class="kern-list kern-list--bullet">
            {reading.map((o) => (
              <li>
                <a class="kern-link" href={o.url} lang={lang}>
                  {o.title}
                  <Icon name="external" />
                  <span class="aw-visually-hidden"> {t.externalLink}</span>
                </a>
              </li>
            ))}
          </ul>
          <StaleNote ctx={ctx} area={area} service={service} since={stale.onlineServices} />
        </section>
      )}
      {forms.length > 0 && (
        <section class="aw-section" aria-labelledby="formulare">
          <h2 class="kern-heading-medium" id="formulare">
            {s.forms}
          </h2>
          <ul class="kern-list kern-list--bullet">
            {forms.map((f) => (
              <li>
                <a class="kern-link" href={f.url} lang={lang}>
                  {f.title}
                  <span class="aw-visually-hidden"> {t.externalLink}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {/* The contact cards name the responsible office: for a service the town does not offer, the alternative above
          is where to go, so no card points to another door. */}
      {!service.notOffered && <Contact ctx={ctx} service={service} />}
      <Section id="hinweise" title={s.hints} text={service.hints} lang={lang} />
      <Section id="rechtsgrundlage" title={s.legalBasis} text={service.legalBasis} lang={lang} />
      <Section id="rechtsbehelf" title={s.remedy} text={service.textModules['25']} lang={lang} />
      <Section id="weiteres" title={s.furtherInfo} text={service.furtherInfo} lang={lang} />
      {related.length > 0 && (
        <section class="aw-section" aria-labelledby="lebenslagen-der-leistung">
          <h2 class="kern-heading-medium" id="lebenslagen-der-leistung">
            {t.relatedLebenslagen}
          </h2>
          <ul class="kern-list kern-list--bullet">
            {related.map((l) => (
              <li>
                <a class="kern-link" href={href(ctx, paths.lebenslage(area.slug, l.id))}>
                  {lebenslageName(ctx, l)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {lastReviewed && (
        <p class="kern-body aw-last-reviewed" data-testid="last-reviewed">
          {t.lastReviewed}: <time dateTime={berlinIsoDay(lastReviewed.at)}>{longDate(lastReviewed.at, ctx.lang)}</time>
        </p>
      )}
      <ReportForm action={`${paths.service(area.slug, service.id)}/fehler-melden`} />
    </Layout>
  );
}

/**
 * "Fehler melden": a plain form (works without JavaScript) posted to the feedback feature. No personal data is
 * required; the e-mail is only for an answer. The hidden "website" field is a honeypot for bots.
 */
function ReportForm({ action }: { action: string }) {
  const categories: Array<[string, string]> = [
    ['wrong_authority', 'Falsche Stelle genannt'],
    ['wrong_contact', 'Kontaktdaten falsch (Telefon, E-Mail, Öffnungszeiten, Ansprechpartner)'],
    ['outdated_text', 'Text veraltet oder falsch'],
    ['broken_link', 'Link funktioniert nicht'],
    ['other', 'Etwas anderes'],
  ];
  return (
    <section class="aw-section aw-report" aria-labelledby="fehler-melden" lang="de">
      <h2 class="kern-heading-medium" id="fehler-melden">
        Fehler melden
      </h2>
      <p class="kern-body">
        Stimmt etwas auf dieser Seite nicht? Ihre Meldung geht an die Verwaltung, die diese Angabe pflegt. Sie müssen
        keine persönlichen Daten angeben.
      </p>
      <form method="post" action={action} class="aw-report__form">
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Was stimmt nicht?</legend>
          <div class="kern-fieldset__body">
            {categories.map(([value, label], i) => (
              <div class="kern-form-check">
                <input
                  class="kern-form-check__radio"
                  type="radio"
                  id={`fehler-art-${i}`}
                  name="category"
                  value={value}
                  required
                />
                <label class="kern-label" for={`fehler-art-${i}`}>
                  {label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <div class="kern-form-input">
          <label class="kern-label" for="fehler-text">
            Beschreibung
          </label>
          <div class="kern-hint" id="fehler-text-hinweis">
            Was ist falsch, und was wäre richtig? Mindestens 10 Zeichen.
          </div>
          <textarea
            class="kern-form-input__input"
            id="fehler-text"
            name="message"
            rows={4}
            minLength={10}
            maxLength={2000}
            required
            aria-describedby="fehler-text-hinweis"
          />
        </div>
        <div class="kern-form-input">
          <label class="kern-label" for="fehler-email">
            E-Mail für eine Antwort (freiwillig)
          </label>
          <input class="kern-form-input__input" type="email" id="fehler-email" name="email" autocomplete="email" />
        </div>
        <div class="aw-hp" aria-hidden="true">
          <label for="fehler-website">Bitte leer lassen</label>
          <input type="text" id="fehler-website" name="website" tabIndex={-1} autocomplete="off" />
        </div>
        <button type="submit" class="kern-btn kern-btn--secondary">
          <span class="kern-label">Meldung senden</span>
        </button>
      </form>
    </section>
  );
}
