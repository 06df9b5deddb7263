/**
 * Progress on stderr: fits done, elapsed time and an ETA. A redrawn line on a
 * terminal; on CI or a pipe, a plain line per tenth of the work, so logs stay readable.
 */
export function createProgressReporter(stream: NodeJS.WriteStream, label: string) {
  const interactive = Boolean(stream.isTTY) && !process.env.CI;
  const started = performance.now();
  let lastTenth = -1;
  let lastDraw = 0;
  return {
    /** `secondsLeft`: the search's own estimate (from the units' costs); without it, from the fits done. */
    update(done: number, total: number, secondsLeft?: number | null) {
      const fraction = done / total;
      const elapsed = (performance.now() - started) / 1000;
      const eta = secondsLeft ?? (done > 0 ? (elapsed / done) * (total - done) : NaN);
      const timing = `${elapsed.toFixed(1)} s elapsed${done < total && Number.isFinite(eta) ? `, ~${eta.toFixed(1)} s left` : ''}`;
      if (interactive) {
        const now = performance.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} fits, ${timing}\x1b[K`);
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${label}: ${done}/${total} fits (${Math.round(fraction * 100)}%), ${timing}\n`);
      }
    },
    finish() {
      if (interactive) stream.write('\n');
    },
  };
}
