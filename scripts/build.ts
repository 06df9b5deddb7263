// npm run build -- [--artifact FILE] [--out-dir DIR] [--try-page]
// Trains first when the default artifact is missing, validates the artifact, bundles
// each cloud's function with the model embedded, and writes one reproducible zip each.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { ArtifactError, type InputSpec } from '../pipeline/artifact/artifact.ts';
import { DEFAULT_ARTIFACT_PATH, readModelFile } from '../pipeline/artifact/artifact-file.ts';
import { writeFileAtomic } from '../pipeline/artifact/atomic-write.ts';
import { servingModelOf } from '../pipeline/artifact/serving-model.ts';
import { CONTRACTS } from '../functions/core/contracts/index.ts';
import { readConfig } from '../functions/core/config.ts';
import { createPredictionService } from '../functions/core/service.ts';
import { runTsScript } from './run-ts-script.ts';
import { SIZE_BUDGET_BYTES, TARGETS, type DeployTarget } from './targets.ts';
import { limitWarnings, LIMITS, measureColdStart, unzippedBytes } from './platform-limits.ts';
import { createZip } from './zip.ts';
import { ROOT } from './repo-root.ts';
import { fromUser } from './user-path.ts';
import { parseFlags } from './cli-args.ts';
import { printErr, printOut } from './terminal.ts';

/**
 * Resolves `import embedded from 'embedded-model'` to the serving model, inlined as
 * one JSON.parse of a string: V8 parses JSON faster than the same object as a
 * literal, which counts for a large model (a forest, KNN's rows) at every cold start.
 * `null` leaves the model out: the bundle of the code alone, to measure it.
 */
function embedModel(artifactJson: string | null): Plugin {
  return {
    name: 'embedded-model',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^embedded-model$/ }, () => ({ path: 'embedded-model', namespace: 'embedded-model' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'embedded-model' }, () => ({
        contents: artifactJson === null ? 'export default null;' : `export default JSON.parse(${JSON.stringify(artifactJson)});`,
        loader: 'js',
      }));
    },
  };
}

/** Where each kind of classifier and regressor is served from (see pipeline/models/kinds.ts and regression-kinds.ts). */
const KIND_MODULES: Record<string, [file: string, name: string]> = {
  linear: ['pipeline/models/linear/inference.ts', 'linearKind'],
  knn: ['pipeline/models/knn/inference.ts', 'knnKind'],
  svc: ['pipeline/models/svc/inference.ts', 'svcKind'],
  trees: ['pipeline/models/decision_tree/inference.ts', 'treesKind'],
  gaussian_nb: ['pipeline/models/naive_bayes/inference.ts', 'gaussianNbKind'],
};
const REGRESSION_KIND_MODULES: Record<string, [file: string, name: string]> = {
  linear_regression: ['pipeline/models/linear_regression/inference.ts', 'linearRegressionKind'],
  knn_regression: ['pipeline/models/knn/regression.ts', 'knnRegressionKind'],
  svr: ['pipeline/models/svr/inference.ts', 'svrKind'],
  trees_regression: ['pipeline/models/decision_tree/regression-inference.ts', 'treesRegressionKind'],
};
const TASK_MODULES: Record<ServedTask, [file: string, name: string]> = {
  classification: ['pipeline/tasks/classification/serving.ts', 'classificationServing'],
  regression: ['pipeline/tasks/regression/serving.ts', 'regressionServing'],
};
const ANSWER_MODULES: Record<ServedTask, [file: string, name: string]> = {
  classification: ['functions/core/answers/classification.ts', 'classificationAnswerer'],
  regression: ['functions/core/answers/regression.ts', 'regressionAnswerer'],
};

type ServedTask = 'classification' | 'regression';

/** What one archive serves: its task, and the kind of its classifier or regressor. */
export interface Served {
  task: ServedTask;
  kind: string;
}

/** A registry module (`path`) as the one entry the model needs, or none: `exported` = { name: module's export }. */
function registry(exported: string, entry: [file: string, name: string] | undefined, key: string): string {
  if (!entry) return `export const ${exported} = {};\n`;
  const [file, name] = entry;
  return `import { ${name} } from ${JSON.stringify(join(ROOT, file))};\nexport const ${exported} = { ${JSON.stringify(key)}: ${name} };\n`;
}

/**
 * Replaces each list of every task and kind with the one the model needs: the archive
 * carries no other task's or family's code.
 */
function onlyServed({ task, kind }: Served): Plugin {
  const replaced: Record<string, string> = {
    [join(ROOT, 'pipeline/models/kinds.ts')]: registry('KINDS', task === 'classification' ? KIND_MODULES[kind] : undefined, kind),
    [join(ROOT, 'pipeline/models/regression-kinds.ts')]: registry('REGRESSION_KINDS', task === 'regression' ? REGRESSION_KIND_MODULES[kind] : undefined, kind),
    [join(ROOT, 'pipeline/tasks/serving.ts')]: registry('SERVING_TASKS', TASK_MODULES[task], task),
    [join(ROOT, 'functions/core/answers/index.ts')]: registry('ANSWERERS', ANSWER_MODULES[task], task),
  };
  return {
    name: 'only-served',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /(kinds|serving|index)\.ts$/ }, (args) => {
        const path = join(args.resolveDir, args.path);
        return Object.hasOwn(replaced, path) ? { path, namespace: 'only-served' } : undefined;
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: 'only-served' }, (args) => ({ contents: replaced[args.path], loader: 'ts', resolveDir: ROOT }));
    },
  };
}

/**
 * Replaces the list of every request contract with the ones the target's cloud can
 * receive, in the list's own order of recognition: no other engine's code in the archive.
 */
function onlyContracts(names: readonly string[]): Plugin {
  const indexModule = join(ROOT, 'functions/core/contracts/index.ts');
  const unknown = names.filter((name) => !CONTRACTS.some((contract) => contract.name === name));
  if (unknown.length > 0) throw new Error(`scripts/targets.ts names contracts that functions/core/contracts/index.ts does not list: ${unknown.join(', ')}`);
  const chosen = CONTRACTS.filter((contract) => names.includes(contract.name));
  return {
    name: 'only-contracts',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /index\.ts$/ }, (args) => (join(args.resolveDir, args.path) === indexModule ? { path: indexModule, namespace: 'only-contracts' } : undefined));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'only-contracts' }, () => ({
        contents: `${chosen.map((contract, k) => `import { contract as c${k} } from ${JSON.stringify(join(ROOT, `functions/core/contracts/${contract.name}.ts`))};`).join('\n')}\nexport const CONTRACTS = [${chosen.map((_, k) => `c${k}`).join(', ')}];\n`,
        loader: 'ts',
        resolveDir: ROOT,
      }));
    },
  };
}

/**
 * Leaves the try-it page (functions/core/try-page.ts, ~0.9 KB zipped) out of the archive
 * unless --try-page asks for it: GET / then answers JSON to a browser too.
 */
function withoutTryPage(): Plugin {
  const pageModule = join(ROOT, 'functions/core/try-page.ts');
  return {
    name: 'without-try-page',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /try-page\.ts$/ }, (args) => (join(args.resolveDir, args.path) === pageModule ? { path: pageModule, namespace: 'without-try-page' } : undefined));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'without-try-page' }, () => ({ contents: 'export const tryPage = () => undefined;', loader: 'js' }));
    },
  };
}

async function bundle(target: DeployTarget, artifactJson: string | null, served: Served, tryPage = false): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [target.entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: target.nodeTarget,
    minify: true,
    legalComments: 'none',
    external: target.external,
    plugins: [embedModel(artifactJson), onlyServed(served), onlyContracts(target.contracts), ...(tryPage ? [] : [withoutTryPage()])],
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

/** artifacts/model.mjs: predict(record), predictBatch(records) and describe() as one minified ES module for Node and browsers, the model inside. */
async function bundleModule(artifactJson: string, served: Served): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['functions/entries/module.ts'],
    bundle: true,
    write: false,
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    plugins: [embedModel(artifactJson), onlyServed(served)],
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

interface BuiltArchive {
  target: keyof typeof TARGETS;
  path: string;
  zip: Buffer;
  bytes: number;
  /** The same archive without the model: what the code budget applies to. */
  codeBytes: number;
  sha256: string;
}

function zipOf(target: DeployTarget, index: Uint8Array): Buffer {
  const files = { 'index.js': index, ...target.extraFiles() };
  return createZip(Object.entries(files).map(([name, data]) => ({ name, data: typeof data === 'string' ? Buffer.from(data) : data })));
}

async function buildArchives(artifactPath: string, outDir: string, tryPage: boolean): Promise<{ modelVersion: string; family: string; inputs: InputSpec[]; archives: BuiltArchive[]; moduleBytes: Uint8Array }> {
  const artifact = readModelFile(artifactPath);
  // Embed the serving view of exactly what was validated, serialized compactly.
  const servingModel = servingModelOf(artifact);
  const artifactJson = JSON.stringify(servingModel);
  mkdirSync(outDir, { recursive: true });
  // The document a deployment with API_KEY set and the default limits serves at GET /openapi.json.
  const keyed = createPredictionService(servingModel, readConfig({ API_KEY: 'build' }), () => {});
  const document = JSON.parse(keyed.handle({ method: 'GET', path: '/openapi.json', headers: { 'x-api-key': 'build' }, body: undefined }).body) as unknown;
  writeFileAtomic(join(outDir, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  const built: BuiltArchive[] = [];
  for (const [key, target] of Object.entries(TARGETS) as [keyof typeof TARGETS, DeployTarget][]) {
    const served: Served = artifact.task === 'classification' ? { task: artifact.task, kind: artifact.classifier.kind } : { task: artifact.task, kind: artifact.regressor.kind };
    const zip = zipOf(target, await bundle(target, artifactJson, served, tryPage));
    const codeBytes = zipOf(target, await bundle(target, null, served, tryPage)).length;
    const path = join(outDir, target.archive);
    writeFileAtomic(path, zip);
    built.push({ target: key, path, zip, bytes: zip.length, codeBytes, sha256: createHash('sha256').update(zip).digest('hex') });
  }
  const served: Served = artifact.task === 'classification' ? { task: artifact.task, kind: artifact.classifier.kind } : { task: artifact.task, kind: artifact.regressor.kind };
  const moduleBytes = await bundleModule(artifactJson, served);
  writeFileAtomic(join(outDir, 'model.mjs'), moduleBytes);
  return { modelVersion: artifact.modelVersion, family: servingModel.summary.family, inputs: artifact.inputs, archives: built, moduleBytes };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseFlags({
    args: argv,
    options: { artifact: { type: 'string' }, 'out-dir': { type: 'string', default: join(ROOT, 'artifacts') }, 'try-page': { type: 'boolean', default: false } },
  });
  const artifactPath = values.artifact === undefined ? DEFAULT_ARTIFACT_PATH : fromUser(values.artifact);
  const outDir = fromUser(values['out-dir']);
  if (values.artifact === undefined && !existsSync(artifactPath)) {
    printErr(`${relative(process.cwd(), artifactPath)} is missing: training it first (npm run train)\n`);
    const status = runTsScript('scripts/train.ts', []);
    if (status !== 0) return status;
  }
  let built: Awaited<ReturnType<typeof buildArchives>>;
  try {
    built = await buildArchives(artifactPath, outDir, values['try-page'] === true);
  } catch (error) {
    if (error instanceof ArtifactError) {
      printErr(`build: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  printOut(`Model ${built.modelVersion} (${built.family}) from ${relative(process.cwd(), artifactPath) || artifactPath}\n`);
  printOut(`${relative(process.cwd(), join(outDir, 'openapi.json')) || 'openapi.json'}  the API as OpenAPI 3.1 (served at GET /openapi.json)\n`);
  printOut(`${relative(process.cwd(), join(outDir, 'model.mjs')) || 'model.mjs'}  predict(record), predictBatch(records), describe() as an ES module for Node and browsers, ${(built.moduleBytes.length / 1024).toFixed(1)} KB (${(gzipSync(built.moduleBytes).length / 1024).toFixed(1)} KB gzipped)\n`);
  let overBudget = false;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  for (const archive of built.archives) {
    // The budget is on the code: a large model (a wide table, a forest) is not an error, only a slower cold start.
    const over = archive.codeBytes > SIZE_BUDGET_BYTES;
    overBudget ||= over;
    printOut(
      `${relative(process.cwd(), archive.path) || archive.path}  ${kb(archive.bytes)} (code ${kb(archive.codeBytes)}, model ${kb(archive.bytes - archive.codeBytes)})  sha256 ${archive.sha256}${over ? '  code OVER the 25 KB budget' : ''}  contracts: ${CONTRACTS.filter((contract) => TARGETS[archive.target].contracts.includes(contract.name)).map((contract) => contract.name).join(', ')}\n`,
    );
  }
  // The platforms' limits, and what a cold start costs (measured on the Lambda archive; on
  // stderr, since timings differ from build to build and stdout stays the same).
  const aws = built.archives.find((archive) => archive.target === 'aws')!;
  const cold = measureColdStart(aws.zip, built.inputs);
  if (cold) printErr(`cold start measured here (a fresh node loads the Lambda archive and answers one prediction): ${cold.milliseconds.toFixed(0)} ms, ${cold.residentMb.toFixed(0)} MB resident\n`);
  for (const archive of built.archives) {
    const limits = LIMITS[archive.target]();
    for (const warning of limitWarnings(limits, archive.bytes, unzippedBytes(archive.zip), cold)) printErr(`build: WARNING ${TARGETS[archive.target].archive} on ${limits.name}: ${warning}\n`);
  }
  if (overBudget) {
    printErr(`build: an archive's code is over the ${SIZE_BUDGET_BYTES / 1024} KB budget; something heavy got into the bundle\n`);
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
