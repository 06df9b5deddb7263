// npm run bench:profile-cost: what the drift reference profile adds to npm run train. Each
// table is trained with the default search (in process, the CLI's defaults); then the
// profile of every family's artifact (as training makes one per family, --keep-all) is
// built again from the same training rows and timed alone. A table on stdout, the same
// figures in artifacts/bench-profile-cost.json.
import { join } from 'node:path';
import { cpus } from 'node:os';
import { writeBenchRecord } from './record.ts';
import { IRIS_CSV_PATH, loadCsvFile } from '../pipeline/data/csv.ts';
import { takeRows } from '../pipeline/data/matrix.ts';
import { trainingProfile } from '../pipeline/drift/training-profile.ts';
import { planColumns } from '../pipeline/preprocess/plan.ts';
import { DEFAULT_TRAIN_OPTIONS, taskOf, trainModel, trainingSplit } from '../pipeline/train.ts';
import { formatTable } from '../scripts/text-table.ts';
import { ROOT } from './processes.ts';

const FIXTURES = join(ROOT, 'tests/fixtures/sklearn');
const TABLES = [
  { name: 'iris', csv: IRIS_CSV_PATH },
  { name: 'wine', csv: join(FIXTURES, 'wine.csv') },
  { name: 'breast_cancer', csv: join(FIXTURES, 'breast_cancer.csv') },
  { name: 'mixed', csv: join(FIXTURES, 'mixed.csv') },
];
const REPEATS = 20;

const rows = [];
for (const table of TABLES) {
  const dataset = loadCsvFile(table.csv);
  const started = performance.now();
  const result = await trainModel(dataset, { ...DEFAULT_TRAIN_OPTIONS, jobs: cpus().length, environment: { packages: {}, gitCommit: null, createdAt: null } });
  const trainMs = performance.now() - started;
  const task = taskOf(dataset);
  const { train } = trainingSplit(dataset, DEFAULT_TRAIN_OPTIONS.seed, DEFAULT_TRAIN_OPTIONS.testSize);
  const trainX = takeRows(dataset.X, train);
  const levels = planColumns(dataset).columns.map((column) => column.levels);
  const outputs = new Float64Array(trainX.rows * task.width);
  const profileStarted = performance.now();
  for (let r = 0; r < REPEATS; r++) {
    for (const family of result.families) trainingProfile(trainX, family.artifact.inputs, levels, task.predictionProfile(dataset, outputs));
  }
  const profileMs = (performance.now() - profileStarted) / REPEATS;
  rows.push({ table: table.name, rows: dataset.X.rows, families: result.families.length, trainMs, profileMs, share: profileMs / trainMs });
}
console.log(formatTable(['table', 'rows', 'families', 'train (ms)', 'profiles (ms)', 'share'], rows.map((row) => [row.table, row.rows, row.families, row.trainMs.toFixed(0), row.profileMs.toFixed(2), `${(100 * row.share).toFixed(2)} %`])));
writeBenchRecord('profile-cost', { rows });
