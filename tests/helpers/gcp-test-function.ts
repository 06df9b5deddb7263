// What functions/entries/gcp.ts builds, with the serving model read from TEST_ARTIFACT
// instead of embedded, so the adapter can be served from source by functions-framework.
import { readFileSync } from 'node:fs';
import { createGcpHttpFunction, guardFrameworkServer } from '../../functions/adapters/gcp.ts';
import { readConfig } from '../../functions/core/config.ts';
import { createPredictionService } from '../../functions/core/service.ts';
import { parseServingModel } from '../../pipeline/artifact/serving-model.ts';

const path = process.env.TEST_ARTIFACT as string;
const config = readConfig(process.env);
const service = createPredictionService(parseServingModel(JSON.parse(readFileSync(path, 'utf8')), path), config);
// GCP_TEST_UNGUARDED=1 serves through the framework's Express path, as a framework that no longer lets the guard in would.
if (!process.env.GCP_TEST_UNGUARDED) guardFrameworkServer(service, config.maxBodyBytes);
process.env.NODE_ENV ||= 'production';
export const predict = createGcpHttpFunction(service, config.maxBodyBytes);
