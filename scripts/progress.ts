/**
 * Progress on stderr: a redrawn bar on a terminal; on CI or a pipe, a plain line per
 * tenth of the work, so logs stay readable.
 */
export function createProgressReporter(stream: NodeJS.WriteStream, label: string) {
  const interactive = Boolean(stream.isTTY) && !process.env.CI;
  let lastTenth = -1;
  return {
    update(done: number, total: number) {
      const fraction = done / total;
      if (interactive) {
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${label}: ${done}/${total} fits (${Math.round(fraction * 100)}%)\n`);
      }
    },
    finish() {
      if (interactive) stream.write('\n');
    },
  };
}
