// Loaded with `node --import` into a process under test (and, through NODE_OPTIONS, its
// child processes): any TCP or TLS connection is refused and reported on stderr as
// "hem-no-network: connect HOST:PORT", so a caller that swallows the error is still caught.
// Local IPC (unix sockets, pipes) stays allowed.
import net from 'node:net';

const connect = net.Socket.prototype.connect;
/** @this {net.Socket} @param {any[]} args */
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : 'localhost' };
  if (options.path) return connect.apply(this, /** @type {any} */ (args));
  const where = `${options.host ?? 'localhost'}:${options.port}`;
  process.stderr.write(`hem-no-network: connect ${where}\n`);
  throw new Error(`no network in this process (hem-no-network): connect ${where}`);
};
