// @hem/mock-server/msw: the device model as MSW request handlers, for browser and unit tests
// without sockets. Plain web APIs only (no node: modules), so it also runs in a browser.
import { http, type HttpHandler } from 'msw';
import type { HemDevice } from './model.js';

export * from './device.js';

export interface HemHandlersOptions {
  /**
   * The device's origins the handlers answer for (default https://my.ence.do and
   * http://my.ence.do: the plain-HTTP one answers 418, as the device does).
   */
  baseUrl?: string | readonly string[];
}

/** MSW handlers that answer every request to the device's origin(s) with `device`. */
export function hemHandlers(device: HemDevice, options: HemHandlersOptions = {}): HttpHandler[] {
  const bases = typeof options.baseUrl === 'string' ? [options.baseUrl] : (options.baseUrl ?? ['https://my.ence.do', 'http://my.ence.do']);
  return bases.map((base) => {
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new TypeError(`hemHandlers: baseUrl ${JSON.stringify(base)} is not a URL; give the device's origin, e.g. https://my.ence.do`);
    }
    if (url.pathname !== '/' || url.search || url.hash)
      throw new TypeError(`hemHandlers: baseUrl must be an origin (the device serves at its root), got ${JSON.stringify(base)}; use ${url.origin}.`);
    // A dropped connection (a fault) is Response.error(): fetch rejects with a network error.
    return http.all(`${url.origin}/*`, ({ request }) => device.handle(request));
  });
}
