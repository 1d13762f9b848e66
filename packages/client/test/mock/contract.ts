// The contract suite, for one kind of door: every scenario, then the checks that every
// status of every operation was reached and that every answer the mock sent is what the
// spec says (success bodies by the response schema; errors listed, JSON, empty).
import { OPERATIONS, type OperationSpec } from '../../src/core.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Recorder, answerProblem, doors, operationAt, type Door } from './doors.js';
import { SCENARIOS } from './scenarios.js';

export function contractSuite(kind: Door['kind'], server?: { use(...handlers: unknown[]): void }): void {
  const recorder = new Recorder();
  const { open, closeAll } = doors(kind, recorder, server);
  let door: Door;
  beforeAll(async () => {
    door = await open();
  });
  afterAll(closeAll);

  const mine = SCENARIOS.filter((s) => !s.doors || s.doors.includes(kind));
  describe.each(Object.keys(OPERATIONS))('%s', (operation) => {
    const scenarios = mine.filter((s) => s.operation === operation);
    test.each(scenarios.map((s) => [`${s.status} ${s.name}`, s] as const))('%s', async (_name, scenario) => {
      await scenario.run({ door, open });
    });
  });

  test('every status the spec lists for every operation has a scenario here', () => {
    const missing = Object.entries(OPERATIONS).flatMap(([id, op]) =>
      [...Object.keys(op.responses), ...Object.keys(op.statuses)]
        .map(Number)
        .filter((status) => !mine.some((s) => s.operation === id && s.status === status))
        .map((status) => `${id} ${status}`),
    );
    expect(missing).toEqual([]);
  });

  test('every status was answered, and every answer the mock sent is as the spec says', () => {
    const seen = new Set(recorder.answers.filter((a) => a.operation).map((a) => `${a.operation} ${a.status}`));
    const expected = Object.entries(OPERATIONS).flatMap(([id, op]) => [...Object.keys(op.responses), ...Object.keys(op.statuses)].map((s) => `${id} ${s}`));
    expect(expected.filter((e) => !seen.has(e))).toEqual([]);
    const problems = recorder.answers
      .filter((a) => !a.dropped)
      .map((a) => answerProblem(a.status, a.headers['content-type'], a.body, a.operation ? (OPERATIONS as unknown as Record<string, OperationSpec>)[a.operation] : undefined))
      .filter(Boolean);
    expect(problems).toEqual([]);
    expect(recorder.answers.length).toBeGreaterThan(50);
  });

  test('every response the client received is as the spec says, with Content-Length 0 on errors', () => {
    const problems = recorder.received.map((r) => {
      const url = new URL(r.url);
      const op = operationAt(r.method, url.pathname);
      const problem = answerProblem(r.status, r.headers['content-type'], r.body, op);
      if (problem) return `${r.method} ${url.pathname}: ${problem}`;
      if (kind === 'https' && r.headers['content-length'] !== String(Buffer.byteLength(r.body)))
        return `${r.method} ${url.pathname} ${r.status}: content-length ${r.headers['content-length']}`;
      if (r.status === 418 && r.statusText !== '') return `418 with reason phrase ${JSON.stringify(r.statusText)}`;
      return undefined;
    });
    expect(problems.filter(Boolean)).toEqual([]);
    expect(recorder.received.length).toBeGreaterThan(50);
  });
}
