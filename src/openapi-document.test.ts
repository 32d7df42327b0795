import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { renderApiTypes } from '../scripts/api-types.ts';

describe('generated web API client', () => {
  it('web/src/api/schema.ts matches the OpenAPI document (run npm run generate:api after changing a route)', async () => {
    const committed = readFileSync(path.resolve(import.meta.dirname, '../web/src/api/schema.ts'), 'utf8');
    assert.equal(committed, await renderApiTypes());
  });
});
