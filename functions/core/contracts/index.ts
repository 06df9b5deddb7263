// Every request contract, in the order a JSON body is recognised: a body is the first
// one's that accepts it, and one record (which takes any other body) comes last. The
// build replaces this list with the contracts one cloud can receive (scripts/targets.ts),
// so that an archive carries no other engine's code. A new engine is one module here.
import type { Contract } from './contract.ts';
import { contract as kserve } from './kserve.ts';
import { contract as mlflow } from './mlflow.ts';
import { contract as csv } from './csv.ts';
import { contract as bigquery } from './bigquery.ts';
import { contract as snowflake } from './snowflake.ts';
import { contract as redshift } from './redshift.ts';
import { contract as stepFunctions } from './step-functions.ts';
import { contract as record } from './record.ts';

export const CONTRACTS: readonly Contract[] = [kserve, mlflow, csv, bigquery, snowflake, redshift, stepFunctions, record];
