// @hem/client against the mock through MSW, in this process: no sockets.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { contractSuite } from './contract.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

contractSuite('msw', server);
