// Public surface of @hem/validator (filled in as the package grows).
export { checkPublicKey } from './keys.js';
