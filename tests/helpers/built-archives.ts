// Trains on a CSV, builds both archives, and asks each archive, run as its cloud runs it
// (the Lambda handler required from the unpacked zip; functions-framework serving the
// unpacked GCP source), the same request: for parity tests through the archives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeArtifactFile } from '../../pipeline/artifact/artifact-file.ts';
import type { Artifact } from '../../pipeline/artifact/artifact.ts';
import { parseCsvDataset, type LoadOptions } from '../../pipeline/data/csv.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel, type TrainOptions } from '../../pipeline/train.ts';
import { unpackZip } from '../../scripts/unzip.ts';
import { TEST_ENVIRONMENT } from './iris-artifact.ts';
import { ROOT, runScript } from './run.ts';
import { startServer } from './server-process.ts';

export interface Built {
  artifact: Artifact;
  dir: string;
}

/** Trains on `csv` (every row, --test-size 0, unless `options` say otherwise) and builds both archives into `dir`. */
export async function trainAndBuild(csv: Buffer, dir: string, options: Partial<TrainOptions> & { load?: LoadOptions } = {}): Promise<Built> {
  const { load, ...train } = options;
  const { artifact } = await trainModel(parseCsvDataset(csv, 'table.csv', load), { ...DEFAULT_TRAIN_OPTIONS, testSize: 0, jobs: 1, environment: TEST_ENVIRONMENT, ...train } as TrainOptions);
  const path = join(dir, 'model.json');
  writeArtifactFile(path, artifact);
  const built = runScript('scripts/build.ts', ['--artifact', path, '--out-dir', dir]);
  assert.equal(built.status, 0, built.stderr);
  return { artifact, dir };
}

/** Builds both archives from a model file already written (trained or imported) into `dir`. */
export function buildFromFile(artifactPath: string, dir: string): { dir: string } {
  const built = runScript('scripts/build.ts', ['--artifact', artifactPath, '--out-dir', dir]);
  assert.equal(built.status, 0, built.stderr);
  return { dir };
}

type Answer = { status: number; body: any };
type LambdaHandler = (event: unknown, context: object) => Promise<any>;

export interface OpenArchives {
  /** The Lambda archive's handler, required from the unpacked zip: for direct invocations (Redshift, Step Functions). */
  handler: LambdaHandler;
  /** Where functions-framework serves the unpacked GCP archive. */
  gcpUrl: string;
  /** The same POST to both: a Function URL event to the Lambda handler, an HTTP request to the GCP server. */
  ask(body: string, contentType?: string, headers?: Record<string, string>): Promise<{ lambda: Answer; gcp: Answer }>;
  stop(): Promise<void>;
}

/** Unpacks both archives once and serves the GCP one, for a test that asks many questions; stop() ends the server. */
export async function openBothArchives(built: Built | Pick<Built, 'dir'>): Promise<OpenArchives> {
  const lambdaDir = join(built.dir, 'aws');
  unpackZip(readFileSync(join(built.dir, 'aws-lambda.zip')), lambdaDir);
  const { handler } = createRequire(`${lambdaDir}/`)('./index.js') as { handler: LambdaHandler };
  const gcpDir = join(built.dir, 'gcp');
  unpackZip(readFileSync(join(built.dir, 'gcp-function.zip')), gcpDir);
  const server = await startServer(process.execPath, ['-r', join(ROOT, 'scripts/loopback-only.cjs'), join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/main.js'), '--target=predict', `--source=${gcpDir}`, '--port=0']);
  return {
    handler,
    gcpUrl: `${server.url}/`,
    async ask(body, contentType = 'application/json', headers = {}) {
      const event = { version: '2.0', rawPath: '/', headers: { 'content-type': contentType, ...headers }, requestContext: { http: { method: 'POST' } }, body, isBase64Encoded: false };
      const result = (await handler(event, { awsRequestId: 'parity' })) as { statusCode: number; body: string };
      const response = await fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
      return { lambda: { status: result.statusCode, body: JSON.parse(result.body) }, gcp: { status: response.status, body: await response.json() } };
    },
    stop: () => server.stop(),
  };
}

/** The same POST to the Lambda archive (a direct invocation of its handler) and the GCP archive (over HTTP). */
export async function askBothArchives(built: Built | Pick<Built, 'dir'>, body: string, contentType = 'application/json'): Promise<{ lambda: Answer; gcp: Answer }> {
  const archives = await openBothArchives(built);
  try {
    return await archives.ask(body, contentType);
  } finally {
    await archives.stop();
  }
}
