// The three sample changes, made to a copy of the real spec the way a person would
// edit the YAML, and classified against the spec as it is.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleSpec, diffDocuments, type Change } from '../src/index.js';

const SPEC_DIR = fileURLToPath(new URL('../../../spec', import.meta.url));
const KEY_TYPE = ['components', 'schemas', 'KeyType'];
const REQUEST = ['components', 'schemas', 'ImportKeyRequest'];
const temp = mkdtempSync(join(tmpdir(), 'hem-spec-samples-'));
let current: Record<string, unknown>;

beforeAll(async () => {
  current = await bundleSpec(join(SPEC_DIR, 'openapi.yaml'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Copies spec/, edits openapi.yaml's YAML tree, and classifies the result against the spec. */
async function classify(name: string, edit: (doc: ReturnType<typeof parseDocument>) => void): Promise<Change[]> {
  const dir = join(temp, name);
  cpSync(SPEC_DIR, dir, { recursive: true, filter: (src) => !/node_modules|[/\\]dist$|[/\\]released$/.test(src) });
  const file = join(dir, 'openapi.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, doc.toString());
  return diffDocuments(current, await bundleSpec(file));
}

describe('the three sample changes on the real spec', () => {
  test('removing MLKEM512 from the request enum (with its description, key format and example) is breaking', async () => {
    const values = parseDocument(readFileSync(join(SPEC_DIR, 'openapi.yaml'), 'utf8')).getIn([...KEY_TYPE, 'enum']) as { items: { value: string }[] };
    const index = values.items.findIndex((i) => i.value === 'MLKEM512');
    expect(index).toBeGreaterThanOrEqual(0);
    const changes = await classify('drop-mlkem512', (doc) => {
      doc.deleteIn([...KEY_TYPE, 'enum', index]);
      doc.deleteIn([...KEY_TYPE, 'x-enumDescriptions', 'MLKEM512']);
      doc.deleteIn([...KEY_TYPE, 'x-hem-key-formats', 'MLKEM512']);
      doc.deleteIn(['paths', '/api/keymgmt/import', 'post', 'requestBody', 'content', 'application/json', 'examples', 'MLKEM512']);
    });
    expect(changes).toEqual([
      { level: 'breaking', pointer: `#/components/schemas/KeyType/enum/${index}`, message: 'enum value MLKEM512 removed: stricter request rule, narrower response' },
      { level: 'breaking', pointer: '#/components/schemas/KeyType/x-hem-key-formats/MLKEM512', message: 'key type MLKEM512 removed' },
      { level: 'patch', pointer: '#/components/schemas/KeyType/x-enumDescriptions/MLKEM512', message: 'x-enumDescriptions entry MLKEM512 removed' },
      { level: 'patch', pointer: '#/paths/~1api~1keymgmt~1import/post/requestBody/content/application~1json/examples/MLKEM512', message: 'examples entry MLKEM512 removed' },
    ]);
  });

  test('adding an optional request field is minor', async () => {
    const changes = await classify('add-optional', (doc) => {
      doc.setIn([...REQUEST, 'properties', 'note'], doc.createNode({ type: 'string', description: 'A free-form note kept with the key.', maxLength: 64 }));
    });
    expect(changes).toEqual([{ level: 'minor', pointer: '#/components/schemas/ImportKeyRequest/properties/note', message: 'property note added: new optional request field' }]);
  });

  test('editing a description is a patch', async () => {
    const changes = await classify('edit-description', (doc) => {
      doc.setIn([...REQUEST, 'properties', 'label', 'description'], 'A name for the key: 1 to 32 printable ASCII characters.');
    });
    expect(changes).toEqual([{ level: 'patch', pointer: '#/components/schemas/ImportKeyRequest/properties/label/description', message: 'description changed' }]);
  });
});
