import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DescriptionError } from '../contract.ts';
import { parseOpenApi } from './parse-openapi.ts';

// Parses public descriptions one by one in a child process (started with `fork`), so the test can
// kill a parse that hangs instead of hanging with it. Takes the file list as arguments and reports
// one IPC message per file.

export type RealWorldResult = {
  file: string;
  ms: number;
  outcome: 'parsed' | 'refused' | 'crashed';
  operations?: number;
  endpoints?: number;
  examples?: number;
  format?: string;
  reason?: string;
};

const files = process.argv.slice(2);
for (const file of files) {
  const started = performance.now();
  const base: Pick<RealWorldResult, 'file'> = { file };
  let result: RealWorldResult;
  try {
    const name = path.basename(file);
    const contract = await parseOpenApi({ main: name, files: new Map([[name, readFileSync(file)]]) });
    result = {
      ...base,
      ms: performance.now() - started,
      outcome: 'parsed',
      operations: contract.operations.length,
      endpoints: contract.endpoints.length,
      examples: contract.rest?.examples.length ?? 0,
      format: contract.format,
    };
  } catch (error) {
    result = {
      ...base,
      ms: performance.now() - started,
      outcome: error instanceof DescriptionError ? 'refused' : 'crashed',
      reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  process.send?.(result);
}
process.disconnect?.();
