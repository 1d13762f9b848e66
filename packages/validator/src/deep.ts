// @hem/validator/deep: the deep public-key checks (curve math, @noble/curves) on their own,
// so an app loads them only when it checks a key: `await import('@hem/validator/deep')`.
import { KEY_FORMATS, type KeyType } from '@hem/types';
import { decodeBase64 } from './base64.js';
import { checkPublicKey } from './keys.js';
import type { DeepCheck } from './parse.js';

export { checkKeyShape, checkPublicKey, type KeyIssue, type KeyIssueCode } from './keys.js';
export { deepIssues } from './parse.js';

/** The deep check of a base64 key of a type, as the parse functions take it. */
export const deepCheck: DeepCheck = (type, pubkey) => {
  if (!Object.hasOwn(KEY_FORMATS, type)) return undefined;
  const bytes = decodeBase64(pubkey);
  return bytes ? checkPublicKey(type as KeyType, bytes) : undefined;
};
