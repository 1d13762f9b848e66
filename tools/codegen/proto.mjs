let t = performance.now();
const ots = await import('openapi-typescript');
console.error('import', (performance.now() - t).toFixed(0));
const { loadSpec } = await import('./dist/index.mjs');
const { document } = await loadSpec('../../spec/openapi.yaml');
t = performance.now();
const ctx = {
  additionalProperties: false,
  alphabetize: false,
  arrayLength: false,
  defaultNonNullable: true,
  discriminators: ots.scanDiscriminators(document, {}),
  emptyObjectsUnknown: false,
  enum: false,
  enumValues: false,
  conditionalEnums: false,
  dedupeEnums: false,
  excludeDeprecated: false,
  exportType: false,
  immutable: false,
  rootTypes: false,
  rootTypesNoSchemaPrefix: false,
  rootTypesKeepCasing: false,
  injectFooter: [],
  pathParamsAsTypes: false,
  propertiesRequiredByDefault: false,
  silent: true,
  makePathsEnum: false,
  generatePathParams: false,
  readWriteMarkers: false,
  resolve: ($ref) => ots.resolveRef(document, $ref, { silent: true }),
};
const nodes = ots.transformSchema(document, ctx);
const text = ots.astToString(nodes);
console.error('transform+print', (performance.now() - t).toFixed(0));
console.log(text);
