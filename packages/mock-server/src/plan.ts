// What the device knows before any request: each operation's plan (read from the generated
// operation data at start), and what the checks read of the device.
import type { AuditEntry } from './device-types.js';
import type { Auth, ScopeRule } from './access.js';
import type { Effect } from './effects.js';
import type { FaultQueue } from './faults.js';
import type { StandardSchema } from './request-parts.js';
import type { Route } from './routes.js';
import type { TokenAuthority } from './tokens.js';

/** What the device knows of an operation before any request. */
export interface Plan {
  readonly auth: Auth;
  /** It has query or header parameters (path parameters come with the route). */
  readonly readsParams: boolean;
  readonly scopes: readonly ScopeRule[];
  readonly effect: Effect;
  /** Its schemas for the device's size limits (@hem/validator's OPERATION_SCHEMAS entry). */
  readonly schemas: OperationSchemas;
}

/** What the checks use of an operation's entry in OPERATION_SCHEMAS. */
export interface OperationSchemas {
  readonly params: StandardSchema | null;
  readonly body: StandardSchema | null;
  /** [key property, type property] pairs, for refusalStatus. */
  readonly keys: readonly (readonly [string, string])[];
}

/** What the checks read of the device. */
export interface CheckContext {
  readonly routes: readonly Route[];
  readonly plans: ReadonlyMap<string, Plan>;
  readonly tokens: TokenAuthority;
  readonly faults: FaultQueue;
  readonly log: AuditEntry[];
  readonly auditLimit: number;
  readonly maxBodyBytes: number;
  readonly requireTls: boolean;
  readonly allowed: (origin: string) => boolean;
  readonly parseOptions: { deep: false; descrMaxBytes?: number };
  readonly now: () => number;
}
