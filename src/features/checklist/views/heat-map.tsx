// The county's heat map (inline SVG) and its accessible table twin.

import { checklistPaths } from '../checklist.paths.ts';
import type { CountyComparisonView } from '../checklist.service.ts';
import { heatColor, heatScale } from '../checklist-heat-map.ts';

/** The heat map as inline SVG: rows Lebenslagen, columns towns, each cell coloured by bin and labelled with its number. */
export function HeatMap({ cmp }: { cmp: CountyComparisonView }) {
  const cell = 44;
  const rowHead = 250;
  const colHead = 130;
  const width = rowHead + cmp.towns.length * cell + 2;
  const height = colHead + cmp.lebenslagen.length * cell + 2;
  const scale = heatScale(cmp.cells.flat());
  return (
    <figure class="aw-cl-heatmap" aria-labelledby="heatmap-titel">
      <figcaption id="heatmap-titel" class="kern-body">
        Heatmap: Erfüllungsgrad je Lebenslage (Zeilen) und Kommune (Spalten) in Prozent – Mittel der Prüfpunkte aller
        Produkte (erfüllt zählt ganz, ein Hinweis halb, fehlend nicht). Die Farbstufen teilen die Spanne vom niedrigsten
        bis zum höchsten Wert in fünf gleiche Stufen, damit Unterschiede zwischen den Kommunen sichtbar werden (siehe
        Legende). Dieselben Zahlen stehen in der Tabelle darunter.
      </figcaption>
      <section class="aw-cl-heatmap__scroll" tabindex={0} aria-label="Heatmap, seitlich verschiebbar">
        <svg
          xmlns="http://www.w3.org/2000/svg"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby="heatmap-svg-titel"
        >
          <title id="heatmap-svg-titel">
            Heatmap der Abdeckung je Lebenslage und Kommune; Werte siehe Tabelle „Abdeckung je Lebenslage“
          </title>
          {cmp.towns.map((t, ti) => (
            <text
              x={rowHead + ti * cell + cell / 2 + 5}
              y={colHead - 8}
              transform={`rotate(-60 ${rowHead + ti * cell + cell / 2 + 5} ${colHead - 8})`}
              font-size="13"
              fill="#131525"
            >
              {t.name}
            </text>
          ))}
          {cmp.lebenslagen.map((l, li) => (
            <g>
              <text
                x={rowHead - 8}
                y={colHead + li * cell + cell / 2 + 5}
                text-anchor="end"
                font-size="13"
                fill="#131525"
              >
                {l.name}
              </text>
              {cmp.towns.map((_t, ti) => {
                const v = cmp.cells[li]?.[ti] ?? null;
                const color = heatColor(v, scale);
                const x = rowHead + ti * cell;
                const y = colHead + li * cell;
                return (
                  <g>
                    <rect
                      x={x}
                      y={y}
                      width={cell - 2}
                      height={cell - 2}
                      fill={color.fill}
                      stroke="#6e7597"
                      stroke-width="1"
                    />
                    <text
                      x={x + (cell - 2) / 2}
                      y={y + (cell - 2) / 2 + 5}
                      text-anchor="middle"
                      font-size="13"
                      fill={color.text}
                    >
                      {v === null ? '–' : v}
                    </text>
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
      </section>
      <ul class="aw-cl-legend" aria-label="Legende der Farben">
        {scale.map((b) => (
          <li>
            <span class={`aw-cl-swatch aw-cl-swatch--${b.swatch}`} aria-hidden="true" />
            {b.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function Matrix({ cmp, print }: { cmp: CountyComparisonView; print: boolean }) {
  return (
    <section class="kern-table-responsive" tabindex={0} aria-labelledby="matrix-titel">
      <table class="kern-table kern-table--small aw-cl-matrix">
        <caption id="matrix-titel" class="kern-title">
          Abdeckung je Lebenslage (Erfüllungsgrad in Prozent)
        </caption>
        <thead>
          <tr class="kern-table__row">
            <th scope="col" class="kern-table__header">
              Lebenslage
            </th>
            {cmp.towns.map((t) => (
              <th scope="col" class="kern-table__header">
                {print ? t.name : <a href={checklistPaths.town(t.slug)}>{t.name}</a>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cmp.lebenslagen.map((l, li) => (
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__header">
                {l.name}
              </th>
              {cmp.towns.map((_t, ti) => {
                const v = cmp.cells[li]?.[ti] ?? null;
                return <td class="kern-table__cell kern-table__cell--numeric">{v === null ? '–' : `${v} %`}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
