// orval for bench/peers.bench.mjs: a fetch client with its models, and zod schemas (a second
// project, as orval's docs configure zod output). CommonJS because orval loads a config given
// with --config through require(), and an ES module would arrive as its namespace object.
const input = { target: process.env.PEER_SPEC };
const out = process.env.PEER_OUT;

module.exports = {
  api: { input, output: { client: 'fetch', target: `${out}/api.ts`, schemas: `${out}/model` } },
  apiZod: { input, output: { client: 'zod', target: `${out}/api.zod.ts` } },
};
