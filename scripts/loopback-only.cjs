// Preloaded with `node -r` in front of servers that have no host option of their own
// (functions-framework listens on every interface): binds them to 127.0.0.1 and
// reports the real port on stderr, so `--port=0` can be used without a race.
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  // Only a bare port (number or digits); unix socket paths and option objects pass through.
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const port = Number(args[0]);
    const callback = args.find((arg) => typeof arg === 'function');
    this.once('listening', () => process.stderr.write(`LISTENING 127.0.0.1:${this.address().port}\n`));
    return callback ? listen.call(this, port, '127.0.0.1', callback) : listen.call(this, port, '127.0.0.1');
  }
  return listen.apply(this, args);
};
