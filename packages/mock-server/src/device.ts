// @hem/mock-server/device: the device model alone, on web APIs only (no node: modules, no
// msw): `device.handle(request)` is a fetch-style handler for any server, service worker or
// test that has a Request in hand.
export { MAX_BODY_BYTES, createHemDevice } from './model.js';
export type { AuditEntry, DeviceAnswer, DeviceRequest, Exchange, HemDevice, HemDeviceOptions, SeedKey } from './model.js';
export type { Fault, FaultRequest, FaultSpec, Faults } from './faults.js';
export { DEFAULT_CAPACITY, MemoryRepository } from './repository.js';
export type { AddResult, KeyRepository, StoredKeyRecord } from './repository.js';
export { roleOf } from './tokens.js';
export type { MintTokenOptions, TokenClaims } from './tokens.js';
