// @hem/mock-server: a device-faithful mock of the Encedo HEM key API. One device model
// (createHemDevice: a web Request in, a Response out) behind several front doors: real
// node:https and node:http listeners (createMockHem), MSW handlers (@hem/mock-server/msw)
// and the hem-mock-server CLI.
export * from './device.js';
export { FileRepository } from './file-store.js';
export { createMockHem } from './node.js';
export type { MockHem, MockHemOptions } from './node.js';
export { selfSignedCertificate } from './certificate.js';
export type { Certificate } from './certificate.js';
