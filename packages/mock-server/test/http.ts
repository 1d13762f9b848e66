// Plain fetch calls to the mock, built from the operation tables of @hem/types: the mock's
// own tests send what a client sends without depending on @hem/client (which tests against
// the mock, so it cannot be a dependency here).
import type { OperationSpec } from '@hem/types';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Headers as a plain object (lib DOM here has no Headers iterator). */
export function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** One request of `op` with its path parameters filled and its body as JSON; the status and the parsed body (undefined when empty). */
export async function send(
  fetch: Fetch,
  baseUrl: string,
  op: OperationSpec,
  input: { token: string; params?: Record<string, string>; body?: unknown },
): Promise<{ status: number; body: unknown }> {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(input.params?.[name] ?? ''));
  const headers: Record<string, string> = { authorization: `Bearer ${input.token}` };
  if (op.body) headers['content-type'] = op.body.contentType;
  const response = await fetch(`${baseUrl}${path}`, { method: op.method, headers, ...(op.body ? { body: JSON.stringify(input.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}
