// The device for the README examples that call https://my.ence.do: @hem/mock-server's device
// model (its kid, checks, 406 for a duplicate, getKey) behind real HTTPS with a certificate
// for that name from the mock's certificate maker. The one thing added here is the dry run's
// credential: the examples send one fixed token, which stands for a User token of whatever
// scope each call needs (a device issues one per scope), so it is swapped for one the device
// signed before the request reaches the model.
import { createServer } from 'node:https';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRoutes, compileScope, createHemDevice, matchRoute, selfSignedCertificate } from '@hem/mock-server';
import { OPERATIONS } from '@hem/types';
import { computeKid } from '@hem/validator/device';

export const DEVICE_HOST = 'my.ence.do';

/** The device's key id for a base64 pubkey. */
export const kidOf = (pubkey) => computeKid(Buffer.from(pubkey, 'base64'));

const routes = compileRoutes(OPERATIONS);

/**
 * The first scope claim of the operation a request calls, its `<param>` placeholders filled
 * from the path: the mock's own router and scope rules decide, so the dry run's token fits
 * exactly what the device checks. Undefined for a request no operation answers.
 * @param {string} method @param {string} pathname
 */
export function scopeFor(method, pathname) {
  const route = matchRoute(routes, method, pathname);
  if (!route || !('op' in route)) return undefined;
  const rule = route.op.hem?.scopes[0];
  return rule && compileScope(rule).claim(route.params);
}

/**
 * Starts the device on 127.0.0.1; `caFile` is its certificate (for NODE_EXTRA_CA_CERTS).
 * @param {string} dir where to write the certificate
 * @param {string} token the bearer token the examples send
 */
export async function startDevice(dir, token) {
  const { key, cert } = await selfSignedCertificate([DEVICE_HOST]);
  const caFile = join(dir, 'device-cert.pem');
  writeFileSync(caFile, cert);
  const device = createHemDevice({ capacity: Infinity });
  /** @type {{ method: string, url: string, authorized: boolean, body: any, status: number }[]} */
  const log = [];
  const server = createServer({ key, cert }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const bytes = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', `https://${DEVICE_HOST}`);
      const authorized = req.headers.authorization === `Bearer ${token}`;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && name !== 'authorization') headers.set(name, [value].flat().join(', '));
      const scope = authorized ? scopeFor(req.method ?? '', url.pathname) : undefined;
      if (scope) headers.set('authorization', `Bearer ${await device.mintToken({ scope })}`);
      else if (req.headers.authorization) headers.set('authorization', req.headers.authorization);
      const hasBody = bytes.length > 0;
      const answer = await device.handle(new Request(url, { method: req.method, headers, ...(hasBody ? { body: bytes } : {}) }), {
        tls: true,
        chunked: req.headers['transfer-encoding'] !== undefined,
        ...(req.headers['content-length'] !== undefined ? { contentLength: Number(req.headers['content-length']) } : {}),
      });
      const text = answer.type === 'error' ? undefined : await answer.text();
      let body;
      try {
        body = JSON.parse(bytes.toString('utf8'));
      } catch {
        body = undefined;
      }
      log.push({ method: req.method ?? '', url: req.url ?? '', authorized, body, status: answer.status });
      if (text === undefined) return void req.socket.destroy();
      res.writeHead(answer.status, answer.statusText, { ...Object.fromEntries(answer.headers), 'content-length': Buffer.byteLength(text) }).end(text);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return {
    port: /** @type {import('node:net').AddressInfo} */ (server.address()).port,
    caFile,
    log,
    /** Forgets every stored key (each example starts with an empty device). */
    reset: () => device.keys.clear(),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
