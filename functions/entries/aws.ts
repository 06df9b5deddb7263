// Build entry for AWS Lambda: handler `index.handler`.
import { createLambdaHandler } from '../adapters/aws.ts';
import { service } from './embedded-service.ts';

export const handler = createLambdaHandler(service);
