// npm run serve:aws -- [--port 9000]   (or PORT=9000)
// The built Lambda archive behind a local HTTP endpoint on 127.0.0.1 that does what the
// HTTP API of serverless.yml does: a request to a route it declares becomes a payload
// 2.0 event for index.handler; any other gets API Gateway's own 404.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { unpackArchive } from './archives.ts';
import { declaredRoutes, matchRoute } from './declared-routes.ts';
import { functionUrlEvent, requestTarget } from './function-url-event.ts';
import { parseFlags } from './cli-args.ts';

// Lambda Function URLs refuse request payloads over 6 MB.
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

const { values } = parseFlags({ args: process.argv.slice(2), options: { port: { type: 'string', default: process.env.PORT ?? '9000' } } });
const routes = declaredRoutes();
const { dir, cleanup } = unpackArchive('aws');
// Loaded the way Lambda's runtime loads a .js handler: require().
const { handler } = createRequire(`${dir}/`)('./index.js') as { handler: (event: unknown, context: object) => Promise<any> };

let invocations = 0;
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
  });
  request.on('end', async () => {
    if (size > MAX_PAYLOAD_BYTES) {
      response.writeHead(413, { 'content-type': 'application/json' }).end('{"message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}');
      return;
    }
    const routeKey = matchRoute(routes, request.method ?? 'GET', requestTarget(request.url).path);
    if (routeKey === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    const event = functionUrlEvent(request, Buffer.concat(chunks), routeKey);
    try {
      const result = await handler(event, { awsRequestId: event.requestContext.requestId, functionName: 'local', invokedFunctionArn: 'local', getRemainingTimeInMillis: () => 5000 });
      invocations++;
      // A Function URL turns a result without statusCode into a 200 JSON body.
      const shaped = result && typeof result === 'object' && 'statusCode' in result ? result : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
      const body = shaped.body === undefined ? '' : shaped.isBase64Encoded ? Buffer.from(shaped.body, 'base64') : shaped.body;
      response.writeHead(shaped.statusCode, shaped.headers ?? {}).end(body);
    } catch (error) {
      // What AWS answers when the function itself throws.
      process.stderr.write(`serve:aws: the handler threw: ${(error as Error).stack}\n`);
      response.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
    }
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stderr.write(`LISTENING 127.0.0.1:${address.port}\nserve:aws: artifacts/aws-lambda.zip unpacked in ${dir}, routes ${routes.join(', ')} (serverless.yml) at http://127.0.0.1:${address.port}/\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  cleanup();
  process.stderr.write(`serve:aws: stopped after ${invocations} invocations\n`);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
