// Runs one autocannon load (its own process, so it can be pinned to another CPU than
// the server) and prints the result as JSON. Targets loopback only.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]) as Parameters<typeof autocannon>[0];
if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(options.url)) throw new Error(`load runs target 127.0.0.1 only, not ${options.url}`);
const result = await autocannon(options);
process.stdout.write(JSON.stringify(result));
