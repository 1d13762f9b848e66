// @hey-api/openapi-ts for bench/peers.bench.mjs: types, zod schemas and an SDK on the
// fetch client that validates requests with zod before sending (as @hem/client does).
export default {
  input: process.env.PEER_SPEC,
  output: { path: process.env.PEER_OUT },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', 'zod', { name: '@hey-api/sdk', validator: { request: 'zod' } }],
};
