// The CLI's progress bar for long imports (XZuFi, PVOG): on a terminal only, so pipes and tests stay quiet.
import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on a terminal that can switch what it counts (bytes read, then records written); silent otherwise. */
export function phasedProgress(): {
  update(label: string, done: number, total: number | undefined): void;
  stop(): void;
} {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  let bar: SingleBar | undefined;
  let current = '';
  return {
    update(label, done, total) {
      if (label !== current) {
        bar?.stop();
        current = label;
        bar = new SingleBar(
          { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr },
          Presets.shades_classic,
        );
        bar.start(total ?? done, 0);
      }
      if (total !== undefined) bar?.setTotal(total);
      bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}
