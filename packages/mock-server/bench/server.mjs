// One server for the benchmark, in its own process: the mock (requireTls off for the plain
// HTTP run, so both runs import), or a bare node:http(s) server that does what any JSON
// endpoint does before its own logic (reads the body whole and parses it as JSON) and
// answers a fixed 200. Prints one JSON line { url, ca, token }; then, for each line `cpu` on
// stdin, one line { cpu } (µs of CPU used so far, every thread). Runs until SIGTERM.
// Usage: node server.mjs mock|bare http|https
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createInterface } from 'node:readline';
import { createMockHem, selfSignedCertificate } from '../dist/index.js';

const [kind, scheme] = process.argv.slice(2);
let url;
let ca;
let token = 'bare';
let close;
if (kind === 'mock') {
  const mock = await createMockHem({ requireTls: false, capacity: Infinity });
  url = scheme === 'https' ? mock.url : mock.httpUrl;
  ca = mock.ca;
  token = await mock.mintToken({ scope: 'keymgmt:imp', expiresIn: 3600 });
  close = () => mock.close();
} else {
  const answer = JSON.stringify({ kid: '1c6a361a5a4e863aca9caed64e654451' });
  const handler = (req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let body = answer;
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = '';
      }
      res.writeHead(body ? 200 : 400, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
    });
  };
  const tls = scheme === 'https' ? await selfSignedCertificate() : undefined;
  const server = tls ? createHttps(tls, handler) : createHttp(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `${scheme}://127.0.0.1:${server.address().port}`;
  ca = tls?.cert;
  close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
}
process.once('SIGTERM', () => void close().then(() => process.exit(0)));
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpu: user + system })}\n`);
});
process.stdout.write(`${JSON.stringify({ url, ca, token })}\n`);
