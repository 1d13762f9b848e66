// The web front door: a fetch `Request` in, a `Response` out, for MSW, service workers and
// any fetch-style server. It reads the transport facts a Request hides (TLS, the declared
// length, chunking) from the URL and the headers unless the caller knows them.
import type { DeviceAnswer, DeviceRequest } from './device-types.js';

export type Transport = Partial<Pick<DeviceRequest, 'tls' | 'contentLength' | 'chunked'>>;

export function webDoor(answer: (request: DeviceRequest) => Promise<DeviceAnswer>, maxBodyBytes: number) {
  return async function handle(request: Request, transport: Transport = {}): Promise<Response> {
    const url = new URL(request.url);
    const header = (name: string) => request.headers.get(name) ?? undefined;
    const declared = header('content-length');
    const chunked = transport.chunked ?? /\bchunked\b/i.test(header('transfer-encoding') ?? '');
    let contentLength = transport.contentLength ?? (declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined);
    const target = `${url.pathname}${url.search}`;
    const tls = transport.tls ?? url.protocol === 'https:';
    let body: Uint8Array | undefined;
    // An oversize or chunked body is refused unread. Otherwise the body's length is what
    // fetch sends as Content-Length for it (a fetch Request does not carry the header).
    if (!chunked && !(contentLength !== undefined && contentLength > maxBodyBytes)) {
      body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
      contentLength ??= body?.length ?? (request.method === 'GET' || request.method === 'HEAD' ? undefined : 0);
    }
    const result = await answer({ method: request.method, target, header, body, tls, contentLength, chunked });
    if (result.drop) return Response.error();
    return new Response(result.body === '' ? null : result.body, {
      status: result.status,
      ...(result.statusText !== undefined ? { statusText: result.statusText } : {}),
      headers: result.headers,
    });
  };
}
