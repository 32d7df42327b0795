import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderProcessDocSections } from '../src/requests/workflow-diagram.ts';

// Rewrites the generated parts of docs/process.md from the transition table. The workflow test fails
// when the committed document differs from what this would write.

const file = path.resolve(import.meta.dirname, '../docs/process.md');
const before = readFileSync(file, 'utf8');
const after = renderProcessDocSections(before);
if (after !== before) {
  writeFileSync(file, after);
  console.log('docs/process.md updated from the workflow table.');
} else {
  console.log('docs/process.md is up to date.');
}
