/** Microseconds per call of `work`, over enough calls to take 20 ms, after 20 ms of warm-up (so the JIT has compiled it). */
export function timePrediction(work: () => unknown): number {
  for (const started = performance.now(); performance.now() - started < 20; ) work();
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < 20 || calls < 3) {
    work();
    calls++;
    elapsed = performance.now() - started;
  }
  return (elapsed * 1000) / calls;
}
