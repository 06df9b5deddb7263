// One entry per cloud: a third cloud is one more adapter file, one more entry here.
import { readFileSync } from 'node:fs';

const FUNCTIONS_FRAMEWORK = '@google-cloud/functions-framework';
const frameworkVersion = (JSON.parse(readFileSync(new URL(`../node_modules/${FUNCTIONS_FRAMEWORK}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

export interface DeployTarget {
  /** Build entry under functions/entries. */
  entry: string;
  /** The archive written to the output folder. */
  archive: string;
  /** The cloud runtime's Node version, for esbuild's target. */
  nodeTarget: string;
  /** Packages the platform installs from package.json instead of the bundle. */
  external: string[];
  /** Files besides index.js. */
  extraFiles: () => Record<string, string>;
  /** The request contracts (functions/core/contracts/<name>.ts) this cloud can receive: the archive carries only these. */
  contracts: readonly string[];
}

/** What every cloud receives over HTTP: one record, KServe V1, MLflow, text/csv. */
const HTTP_CONTRACTS = ['record', 'kserve', 'mlflow', 'csv'];

export const TARGETS: Record<'gcp' | 'aws', DeployTarget> = {
  gcp: {
    entry: 'functions/entries/gcp.ts',
    archive: 'gcp-function.zip',
    nodeTarget: 'node22',
    external: [FUNCTIONS_FRAMEWORK],
    // BigQuery remote functions call Cloud Run functions.
    contracts: [...HTTP_CONTRACTS, 'bigquery'],
    // No "scripts" at all: Google's buildpack runs `npm run build` when one exists.
    extraFiles: () => ({
      'package.json': `${JSON.stringify(
        {
          name: 'tabular-classifier-function',
          version: '1.0.0',
          private: true,
          description: 'Prediction function built by tabular-serverless-kit; entry point: predict',
          main: 'index.js',
          engines: { node: '>=22' },
          dependencies: { [FUNCTIONS_FRAMEWORK]: frameworkVersion },
        },
        null,
        2,
      )}\n`,
    }),
  },
  aws: {
    entry: 'functions/entries/aws.ts',
    archive: 'aws-lambda.zip',
    nodeTarget: 'node22',
    external: [],
    // Snowflake calls through API Gateway (HTTP); Redshift and Step Functions invoke the function directly.
    contracts: [...HTTP_CONTRACTS, 'snowflake', 'redshift', 'step-functions'],
    // A bare index.js is CommonJS to Lambda's runtime: the bundle is emitted as CommonJS to match.
    extraFiles: () => ({}),
  },
};

export const SIZE_BUDGET_BYTES = 25 * 1024;
