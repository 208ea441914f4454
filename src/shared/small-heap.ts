// A one-shot bulk process (the CLI's XZuFi import) tells V8 to favour memory over speed: grow the heap less eagerly
// and collect sooner. An import's live data is small (one batch, ids, compact ties), but under V8's default growth
// its garbage let the heap grow to about twice that before a full collection; a 200 MB message then peaked far above
// 300 MB resident. Not for the server: there the latency of every request matters more (decision 0260).
import { setFlagsFromString } from 'node:v8';

let set = false;

/** Asks V8 to optimise for size from now on (the flag is read as the heap grows, so setting it late still counts). */
export function preferSmallHeap(): void {
  if (set) return;
  set = true;
  setFlagsFromString('--optimize-for-size');
}
