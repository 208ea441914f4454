// The legend of the interface kinds (what the town publishes for each).
import { INTERFACE_KIND_INFO, INTERFACE_KINDS } from '../checklist-interface-kinds.ts';

export function InterfaceKindsLegend() {
  return (
    <details class="aw-cl-section">
      <summary class="kern-body--bold">Was bedeuten die Schnittstellen zum Kreis?</summary>
      <dl class="aw-cl-kinds">
        {INTERFACE_KINDS.map((k) => {
          const info = INTERFACE_KIND_INFO[k];
          return (
            <>
              <dt>
                {info.label} <span class="aw-cl-code">({k})</span>
              </dt>
              <dd>
                {info.meaning} Zu veröffentlichen: {info.townPublishes}
                {info.derivable ? '' : ' Wird nur von der Projektgruppe ausdrücklich festgelegt.'}
              </dd>
            </>
          );
        })}
      </dl>
    </details>
  );
}
