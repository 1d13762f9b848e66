// Who may call an operation: how it authenticates (its security alternatives), the bearer
// token of a request, and the spec's role and scope rules (x-hem-roles, x-hem-scopes).
import { type OperationSpec, SECURITY_SCHEMES } from '@hem/types';
import { type TokenClaims, roleOf } from './tokens.js';

export type Auth = 'none' | 'optional' | 'required';

/** How an operation authenticates, from its security alternatives; the mock knows bearer JWTs only. */
export function authOf(op: OperationSpec): Auth {
  if (op.security.length === 0) return 'none';
  for (const alternative of op.security) {
    for (const name of alternative) {
      const scheme = (SECURITY_SCHEMES as Readonly<Record<string, { type: string; scheme?: string }>>)[name];
      if (scheme?.type !== 'http' || scheme.scheme !== 'bearer') {
        throw new TypeError(`@hem/mock-server: operation ${op.id} uses security scheme ${name}, which the mock cannot check: it knows HTTP bearer (JWT) schemes only.`);
      }
    }
  }
  return op.security.some((alternative) => alternative.length === 0) ? 'optional' : 'required';
}

/** A scope rule of the spec, its `<param>` placeholders resolved per request (undefined when one is missing). */
export interface ScopeRule {
  claim(params: Record<string, string>): string | undefined;
  exact: boolean;
}

export function compileScope(rule: { readonly claim: string; readonly match: 'prefix' | 'exact' }): ScopeRule {
  const exact = rule.match === 'exact';
  if (!rule.claim.includes('<')) return { claim: () => rule.claim, exact };
  return {
    exact,
    claim: (params) => {
      let unresolved = false;
      const claim = rule.claim.replace(/<([^>]+)>/g, (_, name: string) => {
        const value = params[name];
        if (value === undefined) unresolved = true;
        return value ?? '';
      });
      return unresolved ? undefined : claim;
    },
  };
}

/** Whether the token's role and scope allow the operation. */
export function permitted(op: OperationSpec, rules: readonly ScopeRule[], claims: TokenClaims, params: Record<string, string>): boolean {
  const roles = op.hem?.roles;
  if (roles) {
    const role = roleOf(claims.sub);
    if (roles.denied.includes(role)) return false;
    if (roles.allowed.length && !roles.allowed.includes(role)) return false;
  }
  if (!rules.length) return true;
  for (const rule of rules) {
    const claim = rule.claim(params);
    if (claim !== undefined && (rule.exact ? claims.scope === claim : claims.scope.startsWith(claim))) return true;
  }
  return false;
}

/** The token of a `Bearer` credential; undefined for any other form. */
export function bearerToken(authorization: string): string | undefined {
  if (authorization.length < 8 || authorization.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const token = authorization.slice(7).trim();
  return token && !/\s/.test(token) ? token : undefined;
}
