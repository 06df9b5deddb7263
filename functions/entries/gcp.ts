// Build entry for Google Cloud Functions: `functions-framework --target=predict`.
import { createGcpHttpFunction } from '../adapters/gcp.ts';
import { config, service } from './embedded-service.ts';

// Malformed JSON sent as application/json is refused by the framework's body parser
// before this function runs, and Express renders that error with a stack trace
// unless NODE_ENV is production. This module loads before the framework creates its
// Express app, so defaulting NODE_ENV here keeps traces out of every deployment.
process.env.NODE_ENV ||= 'production';

export const predict = createGcpHttpFunction(service, config.maxBodyBytes);
