// Linear in a name's length: renders a document whose schema, property, enum value, path and
// operationId are one long name, at 10,000 and 40,000 characters, for names that stress the
// word splitter (one upper-case run, alternating case, separators). Prints the time ratio
// 40k/10k per shape: about 4 when linear, about 16 when quadratic (the old splitter took
// 16.6 s at 40,000). Run alone: node tools/codegen/bench/names.bench.mjs
import { renderDocument } from '../dist/index.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const documentFor = (name) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    [`/${name}`]: {
      get: {
        operationId: name,
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } } },
      },
    },
  },
  components: { schemas: { [name]: { type: 'object', properties: { [name]: { type: 'string', enum: [name] } } } } },
});
const time = (name) => {
  const document = documentFor(name);
  const t = performance.now();
  renderDocument(document, ['types', 'validator', 'client'], 'bench.yaml');
  return performance.now() - t;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const shapes = { 'upper-case run': (n) => 'A'.repeat(n), 'alternating case': (n) => 'aB'.repeat(n / 2), separators: (n) => 'x-'.repeat(n / 2) };
time('Warm'); // load ts-morph once
console.log(`names benchmark, ${runs} runs each (median); linear ~4x, quadratic ~16x`);
for (const [label, make] of Object.entries(shapes)) {
  const small = [];
  const large = [];
  for (let i = 0; i < runs; i++) {
    small.push(time(make(10_000)));
    large.push(time(make(40_000)));
  }
  const [a, b] = [median(small), median(large)];
  console.log(`  ${label.padEnd(18)} 10k ${a.toFixed(0).padStart(5)} ms  40k ${b.toFixed(0).padStart(5)} ms  ratio ${(b / a).toFixed(1)}x`);
}
