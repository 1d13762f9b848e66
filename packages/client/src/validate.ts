// The checks the main entry runs on each call, in a module of their own: the client loads it
// (zod/mini and the generated schemas) with the first call, so an app's first bundle holds
// none of it. The deep key checks load later still, with the first key to check.
export { operationEntry, parseRequest, parseResponse } from '@hem/validator/mini';
