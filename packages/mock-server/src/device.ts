// @hem/mock-server/device: the device model alone, on web APIs only (no node: modules, no
// msw): `device.handle(request)` is a fetch-style handler for any server, service worker or
// test that has a Request in hand.
export { MAX_BODY_BYTES, createHemDevice } from './model.js';
export type { AuditEntry, DeviceAnswer, DeviceRequest, Exchange, HemDevice, HemDeviceOptions, SeedKey } from './model.js';
export type { Fault, FaultRequest, FaultSpec, Faults } from './faults.js';
export { DEFAULT_CAPACITY, MemoryRepository } from './repository.js';
export type { AddResult, KeyRepository, StoredKeyRecord } from './repository.js';
export { roleOf } from './tokens.js';
// The device's routing and scope rules, for doors that act per operation before the model
// does (the release dry run mints the token a call needs): one matcher, not a copy.
export { compileRoutes, matchRoute } from './routes.js';
export type { Matched, Route } from './routes.js';
export { compileScope } from './access.js';
export type { ScopeRule } from './access.js';
export type { MintTokenOptions, TokenClaims } from './tokens.js';
