// @hem/validator/device: the device's own rules as code, without zod: base64 as the device
// reads and writes it, the kid, and the curve registry. For clients, test servers and
// tools that need the rules but not the schemas.
export { decodeBase64, decodedLength, encodeBase64, explainBase64, isDeviceBase64 } from './base64.js';
export { computeKid, computeKidAsync } from './kid.js';
export { CURVES, curveOf, type CurveInfo, type EdwardsCurve, type LatticeSet, type MontgomeryCurve, type Sec1Curve } from './curves.js';
export { snapshot, type Snapshot } from './plain.js';
