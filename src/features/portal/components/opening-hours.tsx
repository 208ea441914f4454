import type { ResolvedAuthority } from '../../responsibility/responsibility.ts';
import { closedOnHolidays, openingStatus, parsedHours, regularWeek } from '../opening-hours-view.ts';
import type { PageContext } from '../page-context.ts';
import { Icon } from './icons.tsx';

type Heading = 'h3' | 'h4' | 'h5';

/** Open now / opens at …, the regular week as a table, and the office's note. */
export function OpeningHours({
  ctx,
  authority,
  heading: H = 'h4',
}: {
  ctx: PageContext;
  authority: ResolvedAuthority;
  heading?: Heading;
}) {
  const { t } = ctx;
  const hours = parsedHours(authority.openingHours, authority.areaAgs);
  const contentLang = ctx.lang === 'de' ? undefined : 'de';
  if (!hours) {
    return (
      <div class="aw-hours">
        <H class="aw-hours__title">{t.openingHours}</H>
        <p class="kern-body">{t.hoursUnknown}</p>
        {authority.openingHoursNote && (
          <p class="kern-body" lang={contentLang}>
            {authority.openingHoursNote}
          </p>
        )}
      </div>
    );
  }
  const status = openingStatus(hours, ctx.now, t);
  const week = regularWeek(hours, ctx.now, authority.areaAgs);
  return (
    <div class="aw-hours">
      <H class="aw-hours__title">{t.openingHours}</H>
      <p class={`aw-hours__status aw-hours__status--${status.open ? 'open' : 'closed'}`}>
        <Icon name="clock" />
        <strong>{status.headline}</strong>
        {status.detail && <span> – {status.detail}</span>}
      </p>
      <table class="kern-table kern-table--small aw-hours__table">
        <caption class="aw-visually-hidden">
          {t.openingHours}: {authority.name}
        </caption>
        <thead class="kern-table__header">
          <tr class="kern-table__row">
            <th scope="col" class="kern-table__header">
              {t.weekday}
            </th>
            <th scope="col" class="kern-table__header">
              {t.times}
            </th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {week.map((day) => (
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__cell">
                {t.weekdays[day.weekday]}
              </th>
              <td class="kern-table__cell">
                {day.intervals.length === 0
                  ? t.closed
                  : day.intervals
                      .map((i) => (ctx.lang === 'de' ? `${i.from}–${i.to} Uhr` : `${i.from}–${i.to}`))
                      .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {authority.openingHours && closedOnHolidays(authority.openingHours) && (
        <p class="kern-body kern-body--small">{t.holidaysClosed}</p>
      )}
      {authority.openingHoursNote && (
        <p class="kern-body kern-body--small" lang={contentLang}>
          {authority.openingHoursNote}
        </p>
      )}
    </div>
  );
}
