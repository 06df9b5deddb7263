// The regressor's gate: on every held-out prediction it must clearly beat
// DummyRegressor(strategy="mean"), the training mean predicted for every row: it must be
// closer to the truth than the mean on more rows than chance allows (an exact sign test:
// with ties left out, a model no better than the mean is closer on each row with
// probability ½), and its squared error must be the smaller; and it must reach --min-r2.
import { binomialUpperTail, type GateOptions, type GateVerdict } from '../gate.ts';

/** Evidence of one held-out part: [rows the model was closer, rows the mean was, rows, model's SSE, mean's SSE, Σy, Σy²]. */
export function regressionEvidence(y: Float64Array, predicted: Float64Array, trainMean: number): number[] {
  let wins = 0;
  let losses = 0;
  let sse = 0;
  let sseBaseline = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < y.length; i++) {
    const model = Math.abs(y[i] - predicted[i]);
    const baseline = Math.abs(y[i] - trainMean);
    if (model < baseline) wins++;
    else if (model > baseline) losses++;
    sse += model * model;
    sseBaseline += baseline * baseline;
    sum += y[i];
    squares += y[i] * y[i];
  }
  return [wins, losses, y.length, sse, sseBaseline, sum, squares];
}

export function regressionGate([wins, losses, rows, sse, sseBaseline, sum, squares]: number[], options: GateOptions): GateVerdict {
  // R² of the model and of the mean over the pooled held-out rows.
  const total = squares - (sum * sum) / rows;
  const score = total > 0 ? 1 - sse / total : sse === 0 ? 1 : 0;
  const baselineScore = total > 0 ? 1 - sseBaseline / total : 0;
  const pValue = binomialUpperTail(wins, wins + losses, 0.5);
  const verdict: GateVerdict = { passed: true, score, baselineScore, pValue };
  if (!(pValue < options.alpha) || !(sse < sseBaseline)) {
    verdict.passed = false;
    verdict.reason =
      `R² ${score.toFixed(3)} ${options.rows} does not clearly beat predicting the training mean (R² ${baselineScore.toFixed(3)}): the model is closer to the truth on ${wins} of ${wins + losses} rows, ` +
      `which a model no better than the mean would reach with probability ${pValue.toPrecision(2)} (needs < ${options.alpha})${sse < sseBaseline ? '' : ', and its squared error is not smaller'}`;
  } else if (options.minimum !== null && score < options.minimum) {
    verdict.passed = false;
    verdict.reason = `R² ${score.toFixed(3)} ${options.rows} is below ${options.minimumFlag} ${options.minimum}`;
  }
  return verdict;
}
