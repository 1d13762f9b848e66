// The one place where the validator's findings become the device's status. The device
// checks less than @hem/validator (it takes 800 arbitrary bytes as an ML-KEM-512 key), so
// the mock validates structurally (deep: false), and it splits refusals as the device
// does: a request it cannot read is 400 (malformed JSON, a bad label, bad base64, a bad
// mode literal, a bad kid); a key it will not take is 406 (an unknown or symmetric type,
// a wrong key length). Duplicates, a full repository and an unknown kid are 406 too, but
// those are found later, by the repository.
import type { ValidationIssue } from '@hem/validator';

/** Issue codes of the key-shape rules (@hem/validator's KeyIssueCode): the key itself is refused. */
const isKeyIssue = (issue: ValidationIssue) => issue.code.startsWith('key_');

/** Issue codes that say a value is not one the enum lists (or is empty where one is needed). */
const NOT_LISTED = new Set(['invalid_enum', 'empty_value']);

/**
 * The status for a request with these issues. `keys` are the operation's [key property,
 * type property] pairs (OPERATION_SCHEMAS): a type name the device does not know is a
 * refused key (406), any other bad field a malformed request (400). A 400 wins, as the
 * device checks the request's form before the key.
 */
export function refusalStatus(issues: readonly ValidationIssue[], keys: readonly (readonly [string, string])[], body: unknown): 400 | 406 {
  const typeFields = new Set(keys.map(([, from]) => from));
  // A type that is not a string (false, 5, null) is a malformed field, not an unknown type.
  const named = (field: string) => typeof (body as Record<string, unknown> | null)?.[field] === 'string';
  const refused = (issue: ValidationIssue) => {
    if (isKeyIssue(issue)) return true;
    const field = String(issue.path[0]);
    return NOT_LISTED.has(issue.code) && issue.path.length === 1 && typeFields.has(field) && named(field);
  };
  return issues.every(refused) ? 406 : 400;
}
