// The platform-free prediction service: (method, path, headers, body) in,
// (status, headers, body) out. Adapters only translate their platform's shapes.
import type { ServingModel } from '../../pipeline/artifact/serving-model.ts';
import { emptyTally, type WarningTally } from '../../pipeline/preprocess/encode.ts';
import type { Issue } from '../../pipeline/artifact/validation-issues.ts';
import { createAnswerer } from './predictions.ts';
import { describeModel } from './describe.ts';
import { openApiDocument } from './openapi.ts';
import { tryPage } from './try-page.ts';
import { createKeyCheck } from './auth.ts';
import { lazyCrypto } from './lazy-crypto.ts';
import type { ServiceConfig } from './config.ts';
import type { Contract, ContractRequest } from './contracts/contract.ts';
import { CONTRACTS } from './contracts/index.ts';
import { createRowReader, type Refusal } from './contracts/rows.ts';
import type { CoreRequest, CoreResponse, ErrorBody } from './http.ts';
import { decodeBody, parseJsonBody } from './json-body.ts';
import { writeJsonLogLine, type RequestLogger } from './log.ts';

/** A body and status without the HTTP envelope: what a direct Lambda invocation returns. */
export interface Outcome {
  status: number;
  body: object;
  rows: number;
  extraHeaders?: Record<string, string>;
  /** Rows of the request with each kind of warning: counted in the log line, never the values. */
  warningRows?: WarningTally;
  /** A refusal the engine expects as an error of the invocation (Step Functions): the adapter throws it. */
  thrown?: Error;
  /** The contract that read the body, for the log line. */
  contract?: string;
}

/** A prebuilt body (metadata, preflight) skips serialization. */
type Routed = Outcome | { status: number; raw: string; rows?: number; extraHeaders?: Record<string, string>; warningRows?: WarningTally; contract?: string };

export interface PredictionService {
  handle(request: CoreRequest): CoreResponse;
  /**
   * Everything that can be decided from the method, path and headers alone: the full
   * (logged) response, or undefined when the request is a prediction whose body must be
   * read, at most maxBodyBytes of it, and passed to handle(). Lets an adapter refuse a
   * request before it reads, inflates or parses anything.
   */
  admit(request: CoreRequest): CoreResponse | undefined;
  /** The 413 for a body that went past maxBodyBytes while being read. */
  rejectTooLarge(request: CoreRequest): CoreResponse;
  /** Scores an already-parsed body (a direct invocation): same validation, answers and log line as POST. */
  predictValue(body: unknown, requestId?: string): Outcome;
  /** A 400 for a request the adapter could not even translate (a broken platform event). */
  rejectMalformedEvent(message: string, platformRequestId?: string): CoreResponse;
}

const PREDICT_PATHS = new Set(['/', '/predict', '/invocations']);
const HEALTH_PATHS = new Set(['/health', '/ping']);
// KServe / TF Serving V1 route: /v1/models/<name>:predict
const V1_PREDICT_PATH = /^\/v1\/models\/[^/]+:predict$/;
const CORS_ALLOWED_HEADERS = 'authorization, content-type, x-api-key, x-request-id';

export function createPredictionService(
  model: ServingModel,
  config: ServiceConfig,
  log: RequestLogger = writeJsonLogLine,
): PredictionService {
  const { modelVersion } = model;
  const rowReader = createRowReader(model, config.maxBatch);
  const writeAnswer = createAnswerer(model);
  // A model of many classes answers each row with all of them: the rows a request may have are bounded by the answer's size.
  const maxAnswerRows = Math.max(1, Math.floor(config.maxAnswerBytes / writeAnswer.rowBytes));
  const keyMatches = config.apiKey === undefined ? undefined : createKeyCheck(config.apiKey);
  let metadata: string | undefined; // built on the first GET /, not at cold start
  let openApi: string | undefined; // and on the first GET /openapi.json
  // One record, which reads any body no other contract accepts, is the list's last.
  const fallback = CONTRACTS[CONTRACTS.length - 1];
  const csvContract = CONTRACTS.find((contract) => contract.mediaType === 'text/csv');
  const soleKeys = new Set(CONTRACTS.flatMap((contract) => contract.soleKeys ?? []));

  /** The contract whose body this is, among those that arrive this way. */
  const recognise = (request: ContractRequest, channel: 'http' | 'invoke'): Contract | Refusal => {
    const { body } = request;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return fallback;
    for (const contract of CONTRACTS) if (contract.accepts && contract.channels.includes(channel) && contract.accepts(body as Record<string, unknown>, request)) return contract;
    const keys = Object.keys(body);
    const mixed = keys.filter((key) => soleKeys.has(key));
    if (mixed.length > 0) return rowReader.fail([{ path: '(top level)', message: `"${mixed[0]}" must be the only field of the body; other fields: ${keys.filter((key) => key !== mixed[0]).join(', ')}` }]);
    return fallback;
  };

  /** A refusal as the contract's engine expects it; the kit's error body otherwise. */
  const refuse = (contract: Contract, refusal: Refusal): Outcome => {
    const engine = contract.refuse?.(refusal);
    const body = engine && 'body' in engine ? engine.body : errorBody(refusal.code ?? (refusal.status === 413 ? 'too_large' : refusal.status === 401 ? 'unauthorized' : 'invalid_request'), refusal.message, refusal.issues);
    return { status: refusal.status, body, rows: 0, contract: contract.name, ...(engine && 'thrown' in engine ? { thrown: engine.thrown } : {}) };
  };
  const tooLargeAnswer = (contract: Contract, message: string) => refuse(contract, { ok: false, status: 413, message });

  /** Scores a request of a contract: its answer as text over HTTP, as an object for a direct invocation. */
  function score(contract: Contract, request: ContractRequest, direct: boolean): Routed {
    const read = contract.read(request, rowReader);
    if (!read.ok) return refuse(contract, read);
    const rows = read.rows.length;
    if (rows > maxAnswerRows) {
      return tooLargeAnswer(
        contract,
        `${rows} rows of ${writeAnswer.modelWords} would answer about ${Math.ceil((rows * writeAnswer.rowBytes) / 1024)} KB; at most ${maxAnswerRows} rows per request fit in the ${config.maxAnswerBytes} bytes of MAX_ANSWER_BYTES`,
      );
    }
    const warningRows = emptyTally();
    const raw = read.answer(rows > 0 ? writeAnswer.predict(read.rows, warningRows) : [], writeAnswer);
    // Warnings (at most one short line per feature and row) can still push an answer past the bound.
    const engineLimit = contract.maxAnswer && contract.maxAnswer.bytes < config.maxAnswerBytes ? contract.maxAnswer : undefined;
    const limit = engineLimit?.bytes ?? config.maxAnswerBytes;
    const size = raw.length * 3 > limit ? Buffer.byteLength(raw) : raw.length;
    if (size > limit) {
      return tooLargeAnswer(contract, `the answer to these ${rows} rows, warnings included, has ${size} bytes; at most ${limit} are sent (${engineLimit ? engineLimit.why : 'MAX_ANSWER_BYTES): send fewer rows per request'}`);
    }
    return direct ? { status: 200, body: JSON.parse(raw) as object, rows, warningRows, contract: contract.name } : { status: 200, raw, rows, warningRows, contract: contract.name };
  }

  /** A parsed JSON body over HTTP, or a direct invocation's event. */
  const scoreJson = (body: unknown, headers: ContractRequest['headers'], channel: 'http' | 'invoke', refusal?: Refusal): Routed => {
    const request = { body, headers };
    const contract = recognise(request, channel);
    if ('ok' in contract) return refuse(fallback, contract);
    return refusal ? refuse(contract, refusal) : score(contract, request, channel === 'invoke');
  };

  /** The part of routing that needs no body; undefined means "a prediction: read the body". */
  const routeHead = (request: CoreRequest): Routed | undefined => {
    const method = request.method.toUpperCase();
    const path = normalizePath(request.path);
    const isPredict = PREDICT_PATHS.has(path) || V1_PREDICT_PATH.test(path);
    const isHealth = HEALTH_PATHS.has(path);
    const isDocument = path === '/openapi.json';
    if (!isPredict && !isHealth && !isDocument) return { status: 404, body: errorBody('not_found', `no such path: ${path}; POST / to predict, GET / to describe the model, GET /health`), rows: 0 };
    const allow = path === '/' ? 'GET, POST, OPTIONS' : isHealth || isDocument ? 'GET, OPTIONS' : 'POST, OPTIONS';
    if (method === 'OPTIONS') return { status: 204, raw: '', extraHeaders: { allow } };
    if (!allow.split(', ').includes(method)) {
      return { status: 405, body: errorBody('method_not_allowed', `${method} is not allowed on ${path}; allowed: ${allow}`), rows: 0, extraHeaders: { allow } };
    }
    if (isHealth) return { status: 200, body: { status: 'ok', model_version: modelVersion }, rows: 0 };
    // A browser's page: it shows nothing of the model until the model's description is fetched, with the key.
    // Built in with `npm run build -- --try-page` only (the build stubs try-page.ts to undefined otherwise).
    const page = method === 'GET' && path === '/' && request.headers.accept?.includes('text/html') && tryPage();
    if (page) return page;
    if (keyMatches && !keyMatches(request.headers)) {
      return { status: 401, body: errorBody('unauthorized', 'missing or wrong API key: send it as x-api-key or as Authorization: Bearer <key>'), rows: 0, extraHeaders: { 'www-authenticate': 'Bearer' } };
    }
    const describe = () =>
      describeModel(model, writeAnswer.description(), {
        // max_batch: what one request may send, as bounded by MAX_BATCH and by the answer's size.
        limits: { max_batch: Math.min(config.maxBatch, maxAnswerRows), max_body_bytes: config.maxBodyBytes, max_answer_bytes: config.maxAnswerBytes },
        // The record first, then the others in the order they are recognised.
        shapes: [CONTRACTS[CONTRACTS.length - 1], ...CONTRACTS.slice(0, -1)].map((contract) => contract.shape),
      });
    if (isDocument) return { status: 200, raw: (openApi ??= JSON.stringify(openApiDocument(describe(), writeAnswer.schema(), keyMatches !== undefined))) };
    if (method === 'GET') return { status: 200, raw: (metadata ??= JSON.stringify(describe())) };

    const contentType = request.headers['content-type'];
    if (contentType !== undefined && !isJsonContentType(contentType) && !isCsvContentType(contentType)) {
      return { status: 415, body: errorBody('unsupported_media_type', `content type "${contentType}" is not accepted; send application/json or text/csv (UTF-8)`), rows: 0 };
    }
    // A compressed body is refused unread on every cloud: inflating is where a small
    // request becomes gigabytes (a gzip bomb), and the API's bodies are small anyway.
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      return { status: 415, body: errorBody('unsupported_media_type', `content-encoding "${encoding}" is not accepted; send the body uncompressed`), rows: 0 };
    }
    const declared = request.headers['content-length'];
    if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > config.maxBodyBytes) return tooLarge(`the body has ${Number(declared)} bytes`);
    return undefined;
  };

  const tooLarge = (what: string): Outcome => ({ status: 413, body: errorBody('too_large', `${what}; at most ${config.maxBodyBytes} are accepted (MAX_BODY_BYTES)`), rows: 0 });

  const route = (request: CoreRequest): Routed => {
    const head = routeHead(request);
    if (head) return head;
    const size = request.body === undefined ? 0 : typeof request.body === 'string' ? Buffer.byteLength(request.body) : request.body.byteLength;
    if (size > config.maxBodyBytes) return tooLarge(`the body has ${size} bytes`);
    const contentType = request.headers['content-type'];
    if (contentType !== undefined && csvContract && isCsvContentType(contentType)) {
      const decoded = decodeBody(request.body ?? '');
      if (!decoded.ok) return { status: 400, body: errorBody('invalid_csv', decoded.message), rows: 0 };
      return score(csvContract, { body: decoded.text, headers: request.headers }, false);
    }
    const parsedBody = parseJsonBody(request.body ?? '');
    if (!parsedBody.ok) return { status: 400, body: errorBody('invalid_json', parsedBody.message), rows: 0 };
    return scoreJson(parsedBody.value, request.headers, 'http');
  };

  /** Runs one request with the same error shield and log line, whether it came over HTTP or directly. */
  const execute = <T extends Routed>(method: string, path: string, requestId: string, work: () => T): T | Outcome => {
    // process.hrtime, not performance.now: the latter loads perf_hooks, ~1.5 ms of cold start.
    const started = process.hrtime.bigint();
    let outcome: T | Outcome;
    let failure: string | undefined;
    try {
      outcome = work();
    } catch (error) {
      // Never a stack trace to the client, nor to the log (a frame can quote request data):
      // the error's name and message are what the operator gets, with the request id.
      failure = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 300);
      outcome = { status: 500, body: errorBody('internal', `internal error; quote request id ${requestId} when reporting it`), rows: 0 };
    }
    log({
      severity: outcome.status >= 500 ? 'ERROR' : outcome.status >= 400 ? 'WARNING' : 'INFO',
      message: `${method} ${path} ${outcome.status}`,
      requestId,
      method,
      path,
      status: outcome.status,
      latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
      rows: outcome.rows ?? 0,
      modelVersion,
      ...(outcome.contract ? { contract: outcome.contract } : {}),
      ...(outcome.warningRows ? { warningRows: outcome.warningRows } : {}),
      ...(failure ? { error: failure } : {}),
    });
    return outcome;
  };

  const handle = (request: CoreRequest, work: () => Routed = () => route(request)): CoreResponse => {
    const requestId = pickRequestId(request);
    // The query string stays out of the log: clients put keys in it.
    const outcome = execute(request.method, request.path.split('?')[0], requestId, work);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-model-version': modelVersion,
      'x-request-id': requestId,
      ...outcome.extraHeaders,
      ...corsHeaders(config.corsOrigins, request),
    };
    if (outcome.status === 204) delete headers['content-type'];
    return { status: outcome.status, headers, body: 'raw' in outcome ? outcome.raw : JSON.stringify(outcome.body) };
  };

  return {
    handle: (request) => handle(request),
    admit: (request) => {
      // For a prediction routeHead runs again in handle(): a few string checks, and it
      // keeps handle() complete for adapters that have the body already.
      let head: Routed | undefined;
      let failure: unknown;
      try {
        head = routeHead(request);
      } catch (error) {
        failure = error;
      }
      if (head === undefined && failure === undefined) return undefined;
      // Through handle(), so that a failure gets the same 500, and every answer its log line.
      return handle(request, () => {
        if (failure !== undefined) throw failure;
        return head as Routed;
      });
    },
    rejectTooLarge: (request) => handle(request, () => tooLarge(`the body has more than ${config.maxBodyBytes} bytes`)),
    rejectMalformedEvent: (message, platformRequestId) =>
      handle({ method: '?', path: '?', headers: {}, body: undefined, platformRequestId }, () => ({
        status: 400,
        body: errorBody('invalid_event', message),
        rows: 0,
      })),
    predictValue: (body, requestId) =>
      execute('INVOKE', '(direct invocation)', requestId ?? lazyCrypto().randomUUID(), () =>
        // A direct invocation carries no headers, so no key. Through IAM (aws lambda
        // invoke) that is fine; behind a non-proxy API Gateway integration it would be
        // an open door. With a key set, the operator must say it is IAM-only.
        scoreJson(
          body,
          {},
          'invoke',
          keyMatches && !config.allowDirectInvocation
            ? { ok: false, status: 401, message: 'API_KEY is set, and direct invocations carry no key: set ALLOW_DIRECT_INVOCATION=true if only IAM-authorized callers can invoke this function' }
            : undefined,
        ) as Outcome,
      ),
  };
}

function errorBody(code: string, message: string, issues?: Issue[]): ErrorBody {
  return { error: issues ? { code, message, issues } : { code, message } };
}

function normalizePath(path: string): string {
  const withoutQuery = path.split('?')[0] || '/';
  return withoutQuery.length > 1 && withoutQuery.endsWith('/') ? withoutQuery.slice(0, -1) : withoutQuery;
}

function isJsonContentType(value: string): boolean {
  return isMediaType(value, (mediaType) => mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType));
}

function isCsvContentType(value: string): boolean {
  return isMediaType(value, (mediaType) => mediaType === 'text/csv');
}

/** The media type matches, and the charset, if given, is UTF-8. */
function isMediaType(value: string, matches: (mediaType: string) => boolean): boolean {
  const [mediaType, ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
  if (!matches(mediaType)) return false;
  const charset = parameters.find((parameter) => parameter.startsWith('charset='));
  return charset === undefined || /^charset="?utf-8"?$/.test(charset);
}

/** The client's x-request-id when it is a sane token (it is echoed in a header), else the platform's, else a new one. */
function pickRequestId(request: CoreRequest): string {
  const fromClient = request.headers['x-request-id'];
  if (fromClient !== undefined && /^[\x21-\x7e]{1,200}$/.test(fromClient)) return fromClient;
  if (request.platformRequestId && /^[\x21-\x7e]{1,200}$/.test(request.platformRequestId)) return request.platformRequestId;
  return lazyCrypto().randomUUID();
}

function corsHeaders(origins: ServiceConfig['corsOrigins'], request: CoreRequest): Record<string, string> {
  if (origins === undefined) return {};
  const origin = request.headers.origin;
  const allowed = origins === '*' ? '*' : origin !== undefined && origins.includes(origin) ? origin : undefined;
  if (allowed === undefined) return { vary: 'Origin' };
  const headers: Record<string, string> = {
    'access-control-allow-origin': allowed,
    'access-control-expose-headers': 'x-model-version, x-request-id',
  };
  if (origins !== '*') headers.vary = 'Origin';
  if (request.method.toUpperCase() === 'OPTIONS') {
    headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
    headers['access-control-allow-headers'] = CORS_ALLOWED_HEADERS;
    headers['access-control-max-age'] = '600';
  }
  return headers;
}
