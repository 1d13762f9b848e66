import type { Pointer } from './ir.js';

/** A spec construct the generator cannot handle; the message names the JSON pointer. */
export class CodegenError extends Error {
  override name = 'CodegenError';
  constructor(
    readonly pointer: Pointer,
    detail: string,
  ) {
    super(`${pointer}: ${detail}`);
  }
}

/** Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901). */
export function childPointer(pointer: Pointer, token: string | number): Pointer {
  return `${pointer}/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
