// @hem/validator/device: the device's own rules as code, without zod or curve math: base64
// as the device reads and writes it, the kid, and the plain-data snapshot. For clients, test
// servers and tools that need the rules but not the schemas. The curve registry is
// @hem/validator/curves.
export { decodeBase64, decodedLength, encodeBase64, explainBase64, isDeviceBase64, isWrittenBase64 } from './base64.js';
export { computeKid, computeKidAsync } from './kid.js';
export { snapshot, type Snapshot } from './plain.js';
