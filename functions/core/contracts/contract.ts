// What a request contract is: how one engine's body is recognised, turned into feature
// rows (through rows.ts, the same checks for all), and how its predictions, or its
// refusal, are answered as that engine expects. contracts/index.ts lists them.
import type { RawValue } from '../../../pipeline/preprocess/encode.ts';
import type { Answerer, RowPrediction } from '../predictions.ts';
import type { Refusal, RowReader } from './rows.ts';

export interface ContractRequest {
  /** The parsed JSON body, or the decoded text of a body of the contract's mediaType. */
  body: unknown;
  /** Lower-cased request headers; none for a direct invocation. */
  headers: Readonly<Record<string, string | undefined>>;
}

export type Reading =
  | {
      ok: true;
      rows: RawValue[][];
      /** The answer as JSON text, from the rows' predictions in the same order. */
      answer(predictions: RowPrediction[], answerer: Answerer): string;
    }
  | Refusal;

/** How a request arrives: over HTTP, or as a direct Lambda invocation whose event is the body. */
export type Channel = 'http' | 'invoke';

/** A refusal as the engine expects it: a body (with the refusal's status), or an error the Lambda runtime reports. */
export type EngineRefusal = { body: object } | { thrown: Error };

export interface Contract {
  /** Its module's name under contracts/ (the build picks modules by it). */
  name: string;
  channels: readonly Channel[];
  /** A body of this media type is this contract's, unparsed (text/csv); otherwise the body is JSON. */
  mediaType?: string;
  /** Top-level keys that mark this contract and must stand alone: a body mixing them with others is refused. */
  soleKeys?: readonly string[];
  /** One line for GET /: what a request of this contract looks like. */
  shape: string;
  /** The engine's own bound on an answer's bytes, when tighter than MAX_ANSWER_BYTES, and what to do about it. */
  maxAnswer?: { bytes: number; why: string };
  /** Whether a JSON object body is this contract's; absent on the fallback (one record), which takes any other body. */
  accepts?(body: Record<string, unknown>, request: ContractRequest): boolean;
  read(request: ContractRequest, rows: RowReader): Reading;
  /** The engine's own error answer; absent: the kit's {"error": {code, message, issues}}. */
  refuse?(refusal: Refusal): EngineRefusal;
}

/** Whether the object's keys are all among `known` (an engine's envelope) and include `required`. */
export function hasEnvelope(body: Record<string, unknown>, required: string, known: ReadonlySet<string>): boolean {
  if (!(required in body)) return false;
  for (const key in body) if (!known.has(key)) return false;
  return true;
}

/** The body's one key, or undefined when it has none or several. */
export function onlyKey(body: Record<string, unknown>): string | undefined {
  let only: string | undefined;
  for (const key in body) {
    if (only !== undefined) return undefined;
    only = key;
  }
  return only;
}
