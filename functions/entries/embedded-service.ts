import embedded from 'embedded-model';
import { parseServingModel } from '../../pipeline/artifact/serving-model.ts';
import { readConfig } from '../core/config.ts';
import { createPredictionService } from '../core/service.ts';

// Validated once per cold start, never per request; a bad artifact or setting
// stops the instance at load with a message saying what is wrong.
export const config = readConfig(process.env);
export const service = createPredictionService(parseServingModel(embedded, 'the embedded model'), config);
