// The shape of the generated operation tables (operations.gen.ts): what every operation of
// the spec is, as plain data. Hand-written, so the generated tables can be checked against it
// (`satisfies OperationSpec`) and the client, the mock and the docs read one type.
import type { EFFECT_KINDS } from './operations.gen.js';
export type ParamStyle = 'simple' | 'label' | 'matrix' | 'form' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';

/** One parameter of an operation, as the generator emits it. */
export interface ParamSpec {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly style: ParamStyle;
  readonly explode: boolean;
  readonly allowReserved?: boolean;
  /** Set when the parameter's value travels as JSON text. */
  readonly contentType?: string;
}

export type BodyKind = 'json' | 'text' | 'form' | 'multipart' | 'binary';

export interface BodySpec {
  readonly contentType: string;
  readonly kind: BodyKind;
  readonly required: boolean;
  readonly encoding?: Readonly<Record<string, { readonly contentType?: string; readonly style?: ParamStyle; readonly explode?: boolean }>>;
}

/** How a security scheme sends its credential (SECURITY_SCHEMES in operations.gen.ts). */
export interface SecuritySchemeSpec {
  readonly type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  readonly scheme?: string;
  readonly in?: 'query' | 'header' | 'cookie';
  readonly name?: string;
}

/** What the spec's x-hem-* extensions say of an operation. */
export interface HemRules {
  readonly tls: 'required' | 'optional';
  /** Any one of these allows the call; `<name>` stands for the path parameter `name`. */
  readonly scopes: readonly { readonly claim: string; readonly match: 'prefix' | 'exact' }[];
  readonly roles: { readonly allowed: readonly string[]; readonly denied: readonly string[] } | null;
  /** The request-body property whose kid the 200 answer carries. */
  readonly kidFrom: string | null;
  /** How to find what this operation stores by its kid: the read's kid parameter, the body properties it must answer equal, and the statuses after which it may be stored anyway. */
  readonly readBack: { readonly parameter: string; readonly compare: readonly string[]; readonly statuses: readonly number[] } | null;
  /** What the device's audit log records for the operation: per event, the LOG_RESULT_* of each answered status. */
  readonly audit: readonly { readonly event: string; readonly code?: number; readonly results: Readonly<Record<string, string>> }[];
  /** What the operation does to the key store (x-hem-effect); null in a spec without x-hem-* extensions. */
  readonly effect: EffectSpec | null;
}

/** A kind of effect (EFFECT_KINDS): the enum of spec/hem-extensions.schema.json. */
export type EffectKind = (typeof EFFECT_KINDS)[number];

/** What an operation does to the key store, as the spec declares it (x-hem-effect). */
export interface EffectSpec {
  readonly kind: EffectKind;
  /** read-key, remove-key: the parameter that names the key. */
  readonly kid?: { readonly in: 'path' | 'query' | 'header'; readonly name: string };
  /** The status of the effect's refusal: a key already stored or a full store (store-key), no such key (read-key, remove-key). Default 406. */
  readonly refused?: number;
  /** list-keys: the success body's property that holds the list. */
  readonly items?: string;
}

/** What the generator emits for each operation (operations.gen.ts). */
export interface OperationSpec {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly params: readonly ParamSpec[];
  readonly body: BodySpec | null;
  /** Success statuses (or `2XX`) and the media type each answers with; null: no body. */
  readonly responses: Readonly<Record<string | number, { readonly contentType: string; readonly kind: BodyKind } | null>>;
  /** Alternatives, each a list of schemes that must all be satisfied; [] (no alternatives): no auth. */
  readonly security: readonly (readonly string[])[];
  readonly hem: HemRules | null;
  readonly statuses: Readonly<Record<number, { readonly code: string; readonly meaning: string }>>;
}
