// Routing from the generated operation data: a method and a path template per operation,
// its parameters read back the way the client writes them. Nothing here names an operation.
import type { OperationSpec, ParamSpec } from '@hem/types';

export interface Route {
  readonly op: OperationSpec;
  readonly pattern: RegExp;
  /** Path parameter names, in the order of the pattern's groups. */
  readonly names: readonly string[];
}

export interface Matched {
  op: OperationSpec;
  params: Record<string, string>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the mock reads of a parameter: primitives in the path (simple style), the query (form) or a header. */
function readable(p: ParamSpec): boolean {
  if (p.contentType) return false;
  if (p.in === 'path' || p.in === 'header') return p.style === 'simple';
  if (p.in === 'query') return p.style === 'form';
  return false;
}

export function compileRoutes(operations: Readonly<Record<string, OperationSpec>>): Route[] {
  return Object.values(operations).map((op) => {
    const unread = op.params.filter((p) => !readable(p));
    if (unread.length) {
      throw new TypeError(
        `@hem/mock-server: operation ${op.id} has parameters the mock cannot read yet: ${unread.map((p) => `${p.name} (in ${p.in}, style ${p.style})`).join(', ')}. ` +
          'It reads primitive path and header parameters (style simple) and query parameters (style form).',
      );
    }
    const names: string[] = [];
    const source = op.path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const param = /^\{([^}]+)\}$/.exec(part);
        if (!param) return escapeRegExp(part);
        names.push(param[1]!);
        return '([^/]+)';
      })
      .join('');
    return { op, pattern: new RegExp(`^${source}$`), names };
  });
}

/** The operation at `method` and `pathname`; `allow` lists the methods of a path known under others. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): Matched | { allow: string[] } | undefined {
  let allow: string[] | undefined;
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    if (route.op.method !== method) {
      allow ??= [];
      allow.push(route.op.method);
      continue;
    }
    const params: Record<string, string> = {};
    for (let i = 0; i < route.names.length; i++) {
      let value = m[i + 1]!;
      try {
        value = decodeURIComponent(value);
      } catch {
        // A malformed escape stays as sent; the parameter's schema judges it.
      }
      params[route.names[i]!] = value;
    }
    return { op: route.op, params };
  }
  return allow ? { allow } : undefined;
}

/**
 * matchRoute over `routes`, answering a path without parameters from a table instead of the
 * regular expressions (when that path's operation is the one matchRoute would find first).
 */
export function fastMatcher(routes: readonly Route[]): (method: string, pathname: string) => ReturnType<typeof matchRoute> {
  const fixed = new Map<string, Map<string, Route>>();
  for (const route of routes) {
    if (route.names.length) continue;
    const path = route.op.path;
    if (routes.find((r) => r.op.method === route.op.method && r.pattern.test(path)) !== route) continue;
    const methods = fixed.get(path) ?? new Map<string, Route>();
    methods.set(route.op.method, route);
    fixed.set(path, methods);
  }
  return (method, pathname) => {
    const route = fixed.get(pathname)?.get(method);
    return route ? { op: route.op, params: {} } : matchRoute(routes, method, pathname);
  };
}

/** Adds the query and header parameters of `op` to `params`. */
export function readParams(op: OperationSpec, params: Record<string, string>, search: URLSearchParams, header: (name: string) => string | undefined): void {
  for (const p of op.params) {
    if (p.in === 'query') {
      const v = search.get(p.name);
      if (v !== null) params[p.name] = v;
    } else if (p.in === 'header') {
      const v = header(p.name.toLowerCase());
      if (v !== undefined) params[p.name] = v;
    }
  }
}
