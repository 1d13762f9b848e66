// What the checks read off a request before its operation's schemas: the path and query of its
// target, its media type, and a parameter object or body a schema accepts at once.
export const JSON_TYPE = 'application/json';

export interface StandardSchema {
  readonly '~standard': { validate(value: unknown): unknown };
}

export const UNDECIDED = Symbol('undecided');

/**
 * The schema's output for `value`, a JSON.parse result or the mock's own parameter object,
 * when it is a flat object (primitives only: parseRequest's plain-data copy of it would be an
 * equal object) that the schema accepts synchronously; UNDECIDED otherwise, for parseRequest.
 */
export function accepted(schema: StandardSchema, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return UNDECIDED;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') return UNDECIDED;
  }
  let result: { value?: unknown; issues?: unknown } | Promise<unknown>;
  try {
    result = schema['~standard'].validate(value) as typeof result;
  } catch {
    return UNDECIDED;
  }
  if (result instanceof Promise) {
    result.catch(() => undefined);
    return UNDECIDED;
  }
  return result.issues ? UNDECIDED : result.value;
}

/** The media type of a Content-Type value, in lower case, without parameters. */
export function mediaType(value: string | undefined): string | undefined {
  if (value === undefined || value === JSON_TYPE) return value;
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
}

export function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

export function queryOf(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? '' : target.slice(q + 1);
}
