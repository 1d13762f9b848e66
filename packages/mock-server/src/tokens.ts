// The device's bearer tokens: HS256 JWTs signed with a key made at start (a restart, like a
// device reboot, makes every earlier token invalid). The `scope` claim is compared by the
// operation's scope rules; `sub` carries the role (the spec's bearerAuth scheme).
import { SignJWT, jwtVerify } from 'jose';

/** What a token says, once its signature and expiry are checked. */
export interface TokenClaims {
  scope: string;
  sub: string;
}

export interface MintTokenOptions {
  /** The single scope claim, e.g. `keymgmt:imp` or `keymgmt:use:<kid>`. */
  scope: string;
  /** The role: `U` (User, default), `M` (Master) or an authenticator's base64 key id (ExtAuth). */
  sub?: string;
  /** Lifetime in seconds (default 300); negative makes a token that has already expired. */
  expiresIn?: number;
}

/** The role a `sub` claim carries, named as the spec's x-hem-roles name them. */
export function roleOf(sub: string): 'User' | 'Master' | 'ExtAuth' {
  return sub === 'U' ? 'User' : sub === 'M' ? 'Master' : 'ExtAuth';
}

/** A token whose signature was checked: its claims and its expiry (seconds since the epoch). */
export interface Verified {
  readonly claims: TokenClaims;
  readonly exp: number;
}

const encoder = new TextEncoder();
// Verified tokens, by their exact text, so a client that sends one token many times has its
// signature checked once (the expiry is still checked on every use). Bounded: emptied when full.
const CACHE_LIMIT = 4096;

export class TokenAuthority {
  private readonly key: Promise<CryptoKey>;
  private readonly verified = new Map<string, Verified>();
  private readonly now: () => number;

  constructor(secret: Uint8Array | string | undefined, now: () => number) {
    const bytes = secret === undefined ? crypto.getRandomValues(new Uint8Array(32)) : typeof secret === 'string' ? encoder.encode(secret) : secret;
    if (bytes.length < 32) throw new TypeError(`createHemDevice: secret must be at least 32 bytes for HS256, got ${bytes.length}.`);
    this.key = crypto.subtle.importKey('raw', bytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    this.now = now;
  }

  async mint(options: MintTokenOptions): Promise<string> {
    const { scope, sub = 'U', expiresIn = 300 } = options ?? ({} as MintTokenOptions);
    if (typeof scope !== 'string' || !scope) throw new TypeError('mintToken: scope must be a non-empty string, e.g. "keymgmt:imp".');
    if (typeof sub !== 'string' || !sub) throw new TypeError('mintToken: sub must be a non-empty string: "U" (User), "M" (Master) or an ExtAuth key id.');
    if (!Number.isFinite(expiresIn)) throw new TypeError(`mintToken: expiresIn must be a number of seconds (negative for an expired token), got ${String(expiresIn)}.`);
    const now = Math.floor(this.now() / 1000);
    const exp = now + Math.trunc(expiresIn);
    return new SignJWT({ scope })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setIssuedAt(Math.min(now, exp))
      .setExpirationTime(exp)
      .sign(await this.key);
  }

  /**
   * A token verified earlier, without waiting: its claims and expiry (the caller checks the
   * expiry on every use, see `live`); undefined when it has not been verified yet (call `verify`).
   */
  known(token: string): Verified | undefined {
    return this.verified.get(token);
  }

  /** Whether a verified token is unexpired at `time` (ms since the epoch). */
  static live(token: Verified, time: number): boolean {
    return token.exp > time / 1000;
  }

  /** The claims of a valid token; undefined for a forged, malformed or expired one. */
  async verify(token: string): Promise<TokenClaims | undefined> {
    const known = this.known(token);
    if (known !== undefined) return TokenAuthority.live(known, this.now()) ? known.claims : undefined;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, await this.key, { algorithms: ['HS256'], currentDate: new Date(this.now()) }));
    } catch {
      return undefined;
    }
    // A token without an expiry or the claims the device reads is not one it issued.
    if (typeof payload.exp !== 'number' || typeof payload.scope !== 'string' || typeof payload.sub !== 'string') return undefined;
    const claims: TokenClaims = Object.freeze({ scope: payload.scope, sub: payload.sub });
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, Object.freeze({ claims, exp: payload.exp }));
    return claims;
  }
}
