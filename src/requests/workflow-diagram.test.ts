import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { transitions } from './workflow.ts';
import { renderProcessDocSections, workflowMermaid } from './workflow-diagram.ts';

describe('generated process documentation', () => {
  it('docs/process.md shows the current transition table (run npm run docs:process after changing it)', () => {
    const file = path.resolve(import.meta.dirname, '../../docs/process.md');
    const committed = readFileSync(file, 'utf8');
    assert.equal(renderProcessDocSections(committed), committed);
    assert.match(committed, /<!-- generated:diagram-lv -->/);
    assert.match(committed, /<!-- generated:table-en -->/);
  });

  it('draws one arrow per transition, in Latvian with the branch conditions', () => {
    const diagram = workflowMermaid('lv');
    assert.equal(
      diagram.split('\n').filter((l) => / --> /.test(l) && !l.includes('[*]')).length,
      transitions.length,
    );
    assert.match(
      diagram,
      /in_review --> acceptance: Apstiprināt pārbaudi \(aģentūra\), ja izmanto VISS infrastruktūrā/,
    );
  });
});
