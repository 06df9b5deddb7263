/** Microseconds per call of `work`, over enough calls to take 10 ms (at least 3), after 10 ms of warm-up (so the JIT has compiled it). */
export function timePrediction(work: () => unknown): number {
  for (const started = performance.now(); performance.now() - started < 10; ) work();
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < 10 || calls < 3) {
    work();
    calls++;
    elapsed = performance.now() - started;
  }
  return (elapsed * 1000) / calls;
}
