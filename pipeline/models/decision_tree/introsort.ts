// scikit-learn 1.2.1's sort of a node's rows by one feature (sklearn/tree/_splitter.pyx:
// introsort with a median-of-3 pivot and a 3-way partition, heapsort past a depth of
// 2 · ⌊log2 n⌋). It is not stable: rows of equal values come out in an order of its
// own, and a regression target sums them in that order, so the kit sorts as it does.

/** Sorts Xf[start, start + n) ascending, moving samples along (sort(&Xf[start], &samples[start], n)). */
export function introsort(Xf: Float64Array, samples: Int32Array, start: number, n: number): void {
  if (n === 0) return;
  // <int>log(n) with _utils.log(x) = ln(x) / ln(2.0).
  sortPart(Xf, samples, start, n, 2 * Math.trunc(Math.log(n) / Math.LN2));
}

function sortPart(Xf: Float64Array, samples: Int32Array, start: number, n: number, maxDepth: number): void {
  while (n > 1) {
    if (maxDepth <= 0) {
      heapsort(Xf, samples, start, n);
      return;
    }
    maxDepth--;
    const pivot = median3(Xf, start, n);
    let i = start;
    let l = start;
    let r = start + n;
    while (i < r) {
      const value = Xf[i];
      if (value < pivot) swap(Xf, samples, i++, l++);
      else if (value > pivot) swap(Xf, samples, i, --r);
      else i++;
    }
    sortPart(Xf, samples, start, l - start, maxDepth);
    n -= r - start;
    start = r;
  }
}

/** Bentley and McIlroy's median of the first, middle and last values. */
function median3(Xf: Float64Array, start: number, n: number): number {
  const a = Xf[start];
  const b = Xf[start + (n >>> 1)];
  const c = Xf[start + n - 1];
  if (a < b) return b < c ? b : a < c ? c : a;
  if (b < c) return a < c ? a : c;
  return b;
}

function heapsort(Xf: Float64Array, samples: Int32Array, start: number, n: number): void {
  for (let root = (n - 2) >> 1; ; root--) {
    siftDown(Xf, samples, start, root, n);
    if (root <= 0) break;
  }
  for (let end = n - 1; end > 0; end--) {
    swap(Xf, samples, start, start + end);
    siftDown(Xf, samples, start, 0, end);
  }
}

/** Restores the max-heap order of Xf[start + root, start + end). */
function siftDown(Xf: Float64Array, samples: Int32Array, start: number, root: number, end: number): void {
  for (;;) {
    const child = 2 * root + 1;
    let largest = root;
    if (child < end && Xf[start + largest] < Xf[start + child]) largest = child;
    if (child + 1 < end && Xf[start + largest] < Xf[start + child + 1]) largest = child + 1;
    if (largest === root) return;
    swap(Xf, samples, start + root, start + largest);
    root = largest;
  }
}

function swap(Xf: Float64Array, samples: Int32Array, i: number, j: number): void {
  const value = Xf[i];
  Xf[i] = Xf[j];
  Xf[j] = value;
  const sample = samples[i];
  samples[i] = samples[j];
  samples[j] = sample;
}
