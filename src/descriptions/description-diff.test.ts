import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { descriptionChanged, diffCounts, diffDescriptions } from './description-diff.ts';
import { readDescription } from './read-description.ts';

const enc = new TextEncoder();

async function contractOf(doc: unknown) {
  const files = { main: 'openapi.json', files: new Map([['openapi.json', enc.encode(JSON.stringify(doc))]]) };
  return (await readDescription(files)).contract;
}

const op = (operationId: string, properties: Record<string, unknown>, required: string[] = []) => ({
  get: {
    operationId,
    responses: {
      '200': {
        description: 'ok',
        content: { 'application/json': { schema: { type: 'object', properties, required } } },
      },
    },
  },
});

const doc = (paths: Record<string, unknown>, url = 'https://test.example.lv') => ({
  openapi: '3.0.3',
  info: { title: 'Pakalpe', version: '1.0' },
  servers: [{ url }],
  paths,
});

describe('diffDescriptions', () => {
  it('counts operations added, removed and changed, and keeps each data change', async () => {
    const before = await contractOf(
      doc({
        '/persons': op('listPersons', { name: { type: 'string' }, code: { type: 'string' } }),
        '/old': op('oldOne', { a: { type: 'string' } }),
      }),
    );
    const after = await contractOf(
      doc(
        {
          '/persons': op('listPersons', { name: { type: 'string' } }),
          '/new': op('newOne', { a: { type: 'string' } }),
          '/newer': op('newerOne', { a: { type: 'string' } }),
        },
        'https://test2.example.lv',
      ),
    );
    const diff = diffDescriptions(before, after);
    assert.deepEqual(diff.operationsAdded.sort(), ['newOne', 'newerOne']);
    assert.deepEqual(diff.operationsRemoved, ['oldOne']);
    assert.deepEqual(diff.operationsChanged, ['listPersons']);
    assert.ok(diff.changes.some((c) => c.operation === 'listPersons' && c.kind === 'field-removed'));
    assert.ok(diff.breaking >= 2, 'a removed operation and a removed response field break consumers');
    assert.deepEqual(diff.endpoints, {
      before: ['https://test.example.lv'],
      after: ['https://test2.example.lv'],
    });
    assert.equal(descriptionChanged(diff), true);
    const counts = diffCounts(diff);
    assert.deepEqual([counts.added, counts.removed, counts.changed], [2, 1, 1]);
  });

  it('reports nothing for the same description uploaded again', async () => {
    const d = doc({ '/persons': op('listPersons', { name: { type: 'string' } }) });
    const diff = diffDescriptions(await contractOf(d), await contractOf(d));
    assert.equal(descriptionChanged(diff), false);
    assert.deepEqual(diffCounts(diff).added + diffCounts(diff).removed + diffCounts(diff).changed, 0);
  });
});
