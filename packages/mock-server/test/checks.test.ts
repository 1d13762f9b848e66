// The checks with an operation the spec does not have yet: query and header parameters, read
// through a request whose `header` is a method of a class (as the node:http door has it).
import type { OperationSpec } from '@hem/types';
import { describe, expect, test } from 'vitest';
import { Checks } from '../src/checks.js';
import type { Plan } from '../src/plan.js';
import type { DeviceAnswer, DeviceRequest } from '../src/device-types.js';
import { FaultQueue } from '../src/faults.js';
import { compileRoutes } from '../src/routes.js';
import { TokenAuthority } from '../src/tokens.js';

const op: OperationSpec = {
  id: 'notInTheSpec',
  method: 'GET',
  path: '/x/list',
  params: [
    { name: 'page', in: 'query', required: false, style: 'form', explode: true },
    { name: 'X-Trace', in: 'header', required: false, style: 'simple', explode: false },
  ],
  body: null,
  responses: { 200: null },
  security: [],
  hem: { tls: 'optional', scopes: [], roles: null, kidFrom: null, readBack: null, audit: [], effect: { kind: 'list-keys', items: 'keys' } },
  statuses: {},
} as unknown as OperationSpec;

class ClassRequest implements DeviceRequest {
  readonly method = 'GET';
  readonly body = undefined;
  readonly tls = true;
  readonly contentLength = undefined;
  readonly chunked = false;
  constructor(
    readonly target: string,
    private readonly headers: Record<string, string>,
  ) {}
  header(name: string): string | undefined {
    return this.headers[name];
  }
}

describe('checks', () => {
  test('query and header parameters reach the effect when the request reads headers through a method', async () => {
    const plan: Plan = {
      auth: 'none',
      readsParams: true,
      scopes: [],
      schemas: { params: null, body: null, keys: [] },
      effect: ({ params }) => ({ status: 200, text: JSON.stringify(params) }),
    };
    const checks = new Checks({
      routes: compileRoutes({ [op.id]: op }),
      plans: new Map([[op.id, plan]]),
      tokens: new TokenAuthority(undefined, Date.now),
      faults: new FaultQueue({ [op.id]: op }),
      log: [],
      auditLimit: 10,
      maxBodyBytes: 7300,
      requireTls: true,
      allowed: () => false,
      parseOptions: { deep: false },
      now: Date.now,
    });
    const answer = (await checks.decide(new ClassRequest('/x/list?page=2', { 'x-trace': 'abc' }))) as DeviceAnswer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ page: '2', 'X-Trace': 'abc' });
  });
});
