// CORS as the device does it: an allow-list of origins (412 for any other), the allowed
// origin echoed on answers, and OPTIONS preflights answered from the routes of the spec.
import type { DeviceAnswer } from './device-types.js';
import type { Route } from './routes.js';

export type Origins = readonly string[] | '*';

/** An origin as the allow-list keeps it (scheme, host, port); throws for anything else. */
export function normalOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    if (url.origin === 'null') throw new Error();
    return url.origin;
  } catch {
    throw new TypeError(`createHemDevice: origins must be origins like https://app.example.com, got ${JSON.stringify(origin)}.`);
  }
}

export function allowedBy(origins: Origins): (origin: string) => boolean {
  return origins === '*' ? () => true : (origin) => origins.includes(origin);
}

type Reply = (status: number, origin?: string, extra?: { headers?: Record<string, string> }) => DeviceAnswer;

/** The answer to an OPTIONS request: 404 off the routes, 412 for a foreign origin, else 204 with what is allowed. */
export function preflight(
  routes: readonly Route[],
  allowed: (origin: string) => boolean,
  reply: Reply,
  pathname: string,
  origin: string | undefined,
  requested: string | undefined,
): DeviceAnswer {
  const methods = [...new Set(routes.filter((r) => r.pattern.test(pathname)).map((r) => r.op.method))];
  if (!methods.length) return reply(404);
  const allow = [...methods, 'OPTIONS'].join(', ');
  if (origin === undefined) return reply(204, undefined, { headers: { allow } });
  if (!allowed(origin)) return reply(412);
  return reply(204, origin, {
    headers: {
      allow,
      'access-control-allow-methods': allow,
      'access-control-allow-headers': requested ?? 'authorization, content-type',
      'access-control-max-age': '600',
    },
  });
}
