import type { ResolvedAuthority, ResolvedContact } from '../../responsibility/responsibility.ts';
import type { PageContext } from '../page-context.ts';
import { mailtoHref, safeHttpUrl, telHref } from '../portal.ts';
import { Icon } from './icons.tsx';
import { OpeningHours } from './opening-hours.tsx';

type Heading = 'h3' | 'h4';

function Phone({ phone }: { phone: string }) {
  const tel = telHref(phone);
  return tel ? (
    <a class="kern-link" href={tel}>
      {phone}
    </a>
  ) : (
    <span>{phone}</span>
  );
}

function Email({ email }: { email: string }) {
  const mailto = mailtoHref(email);
  return mailto ? (
    <a class="kern-link" href={mailto}>
      {email}
    </a>
  ) : (
    <span>{email}</span>
  );
}

function SampleBadge({ ctx }: { ctx: PageContext }) {
  return (
    <span class="kern-badge kern-badge--warning kern-badge--small aw-sample" title={ctx.t.sampleDataNote}>
      <span class="kern-label">{ctx.t.sampleData}</span>
    </span>
  );
}

/**
 * An authority as the citizen needs it: unit, address, phone (tel: link), e-mail, opening hours with "open now", and
 * the contact persons for this service. Invented contact data is flagged "Beispieldaten", never passed off as real.
 */
export function ContactCard({
  ctx,
  authority,
  contacts,
  heading: H = 'h3',
  id,
}: {
  ctx: PageContext;
  authority: ResolvedAuthority;
  contacts: readonly ResolvedContact[];
  heading?: Heading;
  id: string;
}) {
  const { t } = ctx;
  const contentLang = ctx.lang === 'de' ? undefined : 'de';
  const website = safeHttpUrl(authority.website);
  const deepLink = safeHttpUrl(authority.deepLink);
  const { street, postcode, city } = authority.address;
  const own = contacts.filter((c) => c.authorityId === authority.id);
  const sub: 'h4' | 'h5' = H === 'h3' ? 'h4' : 'h5';
  const Sub = sub;
  return (
    <section class="aw-contact" aria-labelledby={id}>
      <div class="aw-contact__head">
        <H id={id} class="aw-contact__name" lang={contentLang}>
          {authority.name}
        </H>
        {authority.sample && <SampleBadge ctx={ctx} />}
      </div>
      {authority.sample && <p class="kern-body kern-body--small aw-sample-note">{t.sampleDataNote}</p>}
      <dl class="aw-contact__list">
        {(street || postcode || city) && (
          <div class="aw-contact__row">
            <dt>{t.address}</dt>
            <dd>
              <address lang={contentLang}>
                {street}
                {street && <br />}
                {[postcode, city].filter(Boolean).join(' ')}
              </address>
            </dd>
          </div>
        )}
        {authority.phone && (
          <div class="aw-contact__row">
            <dt>{t.phone}</dt>
            <dd>
              <Phone phone={authority.phone} />
            </dd>
          </div>
        )}
        {authority.email && (
          <div class="aw-contact__row">
            <dt>{t.email}</dt>
            <dd>
              <Email email={authority.email} />
            </dd>
          </div>
        )}
        {website && (
          <div class="aw-contact__row">
            <dt>{t.website}</dt>
            <dd>
              <a class="kern-link" href={website}>
                {website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
              </a>
            </dd>
          </div>
        )}
        {authority.accessibility && (
          <div class="aw-contact__row">
            <dt>{t.accessibility}</dt>
            <dd lang={contentLang}>{authority.accessibility}</dd>
          </div>
        )}
      </dl>
      {deepLink && (
        <p class="kern-body">
          <a class="kern-link" href={deepLink}>
            {t.deepLink}
            <Icon name="external" />
            <span class="aw-visually-hidden"> {t.externalLink}</span>
          </a>
        </p>
      )}
      <OpeningHours ctx={ctx} authority={authority} heading={sub} />
      {own.length > 0 && (
        <div class="aw-persons">
          <Sub class="aw-persons__title">{t.contactPersons}</Sub>
          <ul class="aw-persons__list">
            {own.map((c) => (
              <li class="aw-person">
                <p class="aw-person__name" lang={contentLang}>
                  <strong>{c.name ?? c.role}</strong>
                  {c.name && c.role && <span>, {c.role}</span>}
                  {c.sample && (
                    <>
                      {' '}
                      <SampleBadge ctx={ctx} />
                    </>
                  )}
                </p>
                <ul class="aw-person__details">
                  {c.phone && (
                    <li>
                      {t.phone}: <Phone phone={c.phone} />
                    </li>
                  )}
                  {c.email && (
                    <li>
                      {t.email}: <Email email={c.email} />
                    </li>
                  )}
                  {c.room && (
                    <li lang={contentLang}>
                      {t.room}: {c.room}
                    </li>
                  )}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
