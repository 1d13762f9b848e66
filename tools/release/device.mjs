// A stand-in for the device's import and read endpoints over real HTTPS, for the README
// examples that call https://my.ence.do: a certificate for that name made by the openssl CLI,
// a kid computed the device's way (first 16 bytes of SHA-1 over the decoded key), and the
// keys it stored (a second import of one is a 406; getKey reads them).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';

export const DEVICE_HOST = 'my.ence.do';

/** The device's key id for a base64 pubkey. */
export const kidOf = (pubkey) => createHash('sha1').update(Buffer.from(pubkey, 'base64')).digest('hex').slice(0, 32);

/**
 * Starts the stand-in on 127.0.0.1; `caFile` is its certificate (for NODE_EXTRA_CA_CERTS).
 * @param {string} dir where to write the key and certificate
 * @param {string} token the bearer token it accepts
 */
export async function startDevice(dir, token) {
  const keyFile = join(dir, 'device-key.pem');
  const caFile = join(dir, 'device-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${DEVICE_HOST}`,
      '-addext',
      `subjectAltName=DNS:${DEVICE_HOST}`,
      '-keyout',
      keyFile,
      '-out',
      caFile,
    ],
    { stdio: 'ignore' },
  );
  /** @type {{ method: string, url: string, authorized: boolean, body: any, status: number }[]} */
  const log = [];
  /** @type {Map<string, { type: string, pubkey: string, updated: number }>} */
  const stored = new Map();
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(caFile) }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const authorized = req.headers.authorization === `Bearer ${token}`;
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const kidAsked = /^\/api\/keymgmt\/get\/([0-9a-f]{32})$/.exec(req.url ?? '')?.[1];
      let status;
      let answer = '';
      if (!authorized) status = 401;
      else if (req.method === 'GET' && kidAsked) {
        const key = stored.get(kidAsked);
        status = key ? 200 : 406;
        if (key) answer = JSON.stringify(key);
      } else if (req.method === 'POST' && req.url === '/api/keymgmt/import' && Number(req.headers['content-length']) > 0 && typeof body?.pubkey === 'string') {
        const kid = kidOf(body.pubkey);
        status = stored.has(kid) ? 406 : 200;
        if (status === 200) {
          stored.set(kid, { type: body.type, pubkey: body.pubkey, updated: Math.floor(Date.now() / 1000) });
          answer = JSON.stringify({ kid });
        }
      } else status = 400;
      log.push({ method: req.method ?? '', url: req.url ?? '', authorized, body, status });
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return {
    port: /** @type {import('node:net').AddressInfo} */ (server.address()).port,
    caFile,
    log,
    /** Forgets every stored key (each example starts with an empty device). */
    reset: () => stored.clear(),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
