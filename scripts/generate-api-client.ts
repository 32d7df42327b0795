import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderApiTypes } from './api-types.ts';

// Regenerates web/src/api/schema.ts from the server's route schemas. A test fails when the committed
// file differs, so the web client cannot drift from the API.

const file = path.resolve(import.meta.dirname, '../web/src/api/schema.ts');
writeFileSync(file, await renderApiTypes());
console.log(`Wrote ${path.relative(process.cwd(), file)}`);
