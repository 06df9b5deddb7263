// Build entry for Google Cloud Functions: `functions-framework --target=predict`.
import { createGcpHttpFunction, guardFrameworkServer } from '../adapters/gcp.ts';
import { config, service } from './embedded-service.ts';

// This module loads before the framework creates its server: the guard answers every
// request itself, bounded before any body is read (see adapters/gcp.ts).
guardFrameworkServer(service, config.maxBodyBytes);

// Only for the unguarded fallback: Express renders its own errors with a stack trace
// unless NODE_ENV is production.
process.env.NODE_ENV ||= 'production';

export const predict = createGcpHttpFunction(service, config.maxBodyBytes);
