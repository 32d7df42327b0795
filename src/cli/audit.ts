import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { personHasher, resolveHashSecret } from '../audit/end-user-hash.ts';
import { type GeneratorService, generateAuditRecords } from '../audit/generate-records.ts';
import { checkAuditRecords, type ImportCounts, importAuditRecords } from '../audit/import-records.ts';
import { dropPartitionsBefore } from '../audit/partitions.ts';
import { formatOfFile, type RecordFormat, type RowGroup, readRecords } from '../audit/read-records.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import type { DatabaseHandle } from '../platform/db/connect.ts';

// `pakalpe audit import | generate | retention`.

type WithDatabase = <T>(work: (handle: DatabaseHandle, config: Config) => Promise<T>) => Promise<T>;

/** Rows of several files in turn, each row tagged with its file; counts the bytes read for the progress bar. */
function rowsOfFiles(
  files: { name: string; format: RecordFormat }[],
  progress: { bytes: number },
): () => AsyncIterable<RowGroup> {
  return async function* () {
    progress.bytes = 0;
    for (const file of files) {
      // Counted while iterating: a 'data' listener would switch the stream to flowing mode and read the
      // whole file into memory ahead of the database.
      const chunks = async function* () {
        for await (const chunk of createReadStream(file.name, { highWaterMark: 256 * 1024 })) {
          progress.bytes += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      };
      const source = path.basename(file.name);
      for await (const group of readRecords(chunks(), file.format)) {
        if (Array.isArray(group)) for (const row of group) row.source = source;
        else group.source = source;
        yield group;
      }
    }
  };
}

function progressBar(totalBytes: number, progress: { bytes: number }, strict: boolean) {
  const started = Date.now();
  let pass = strict ? 'check' : 'load';
  return {
    nextPass: () => {
      pass = 'load';
    },
    render: (c: ImportCounts) => {
      const share = totalBytes === 0 ? 1 : Math.min(1, progress.bytes / totalBytes);
      const width = 30;
      const filled = Math.round(share * width);
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(c.read / seconds) : 0;
      process.stderr.write(
        `\r${pass} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ` +
          `${c.read.toLocaleString('en')} read, ${c.inserted.toLocaleString('en')} new, ${c.invalid} invalid  ${rate.toLocaleString('en')}/s `,
      );
    },
    done: () => process.stderr.write('\n'),
  };
}

function parseServices(list: string): GeneratorService[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [urn, ops] = item.split('=');
      const operations = ops
        ? ops
            .split('|')
            .map((o) => o.trim())
            .filter(Boolean)
        : ['Get', 'List', 'Update'];
      if (!urn || !/^URN:IVIS:\d+:[A-Za-z0-9._-]+-V\d+-\d+$/.test(urn)) {
        throw new Error(`--services: "${item}" is not URN:IVIS:<owner>:<code>-V<major>-<minor>[=op1|op2]`);
      }
      return { urn, operations };
    });
}

function wholeNumber(name: string, min: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`${name}: expected a whole number of at least ${min}`);
    return n;
  };
}

export function registerAuditCommands(program: Command, withDatabase: WithDatabase): void {
  const audit = program.command('audit').description('Audit records: import, generate, retention');

  audit
    .command('import')
    .description('Import audit records from JSON Lines (.jsonl, .ndjson) or CSV (.csv) files, streamed')
    .argument('<files...>', 'files to import')
    .addOption(
      new Option('--env <environment>', 'the environment the records come from')
        .choices(['test', 'production'])
        .makeOptionMandatory(),
    )
    .option('--strict', 'load nothing when any row is invalid')
    .option('--dry-run', 'check every row and report problems; load nothing (no database is opened)')
    .addOption(
      new Option('--format <format>', 'override the format the file name suggests').choices(['jsonl', 'csv']),
    )
    .action(
      async (
        names: string[],
        options: { env: 'test' | 'production'; strict?: boolean; dryRun?: boolean; format?: RecordFormat },
      ) => {
        const files = names.map((name) => {
          const format = options.format ?? formatOfFile(name);
          if (!format)
            throw new Error(`${name}: cannot tell the format from the name; use --format jsonl or csv`);
          statSync(name);
          return { name, format };
        });
        const totalBytes = files.reduce((sum, f) => sum + statSync(f.name).size, 0);
        const progress = { bytes: 0 };
        const bar = process.stderr.isTTY ? progressBar(totalBytes, progress, options.strict ?? false) : null;
        let lastPassRead = 0;
        // Without a terminal (logs, CI, pipes): a plain line per committed batch, at most one a second.
        let lastLine = 0;
        const logLine = (c: ImportCounts) => {
          if (bar || c.inserted + c.duplicates === 0 || Date.now() - lastLine < 1000) return;
          lastLine = Date.now();
          console.error(
            `committed: read ${c.read}, inserted ${c.inserted}, duplicates ${c.duplicates}, invalid ${c.invalid}`,
          );
        };
        const importOptions = (config: Config) => ({
          environment: options.env,
          strict: options.strict ?? false,
          hashPerson: personHasher(resolveHashSecret(config)),
          // Keeps a file of any size within a flat ~160–170 MB, whatever its format.
          collectGarbageAboveBytes: 48 * 1024 * 1024,
          onProgress: (c: ImportCounts) => {
            if (c.read < lastPassRead) bar?.nextPass();
            lastPassRead = c.read;
            bar?.render(c);
            logLine(c);
          },
        });
        const summary = options.dryRun
          ? await checkAuditRecords(rowsOfFiles(files, progress)(), importOptions(loadConfig()))
          : await withDatabase(async (handle, config) =>
              importAuditRecords(handle, rowsOfFiles(files, progress), importOptions(config)),
            );
        bar?.done();
        for (const issue of summary.issues.slice(0, 50)) {
          console.error(`${issue.source ?? ''}:${issue.line}: ${issue.field}: ${issue.reason}`);
        }
        if (summary.issues.length > 50 || summary.issuesTruncated)
          console.error('… (more problems not shown)');
        console.log(
          `read ${summary.read}, inserted ${summary.inserted}, duplicates ${summary.duplicates}, invalid ${summary.invalid}`,
        );
        if (options.dryRun) console.log('Nothing was loaded (--dry-run).');
        else if (!summary.loaded) console.log('Nothing was loaded (--strict and some rows are invalid).');
        if (summary.invalid > 0) process.exitCode = 1;
      },
    );

  audit
    .command('generate')
    .description('Write realistic audit records (seeded, deterministic) as JSON Lines')
    .requiredOption('--services <list>', 'comma-separated URN:IVIS:…-V1-0, each optionally =op1|op2|op3')
    .option('--days <n>', 'how many days', wholeNumber('--days', 1), 30)
    .option('--rate <n>', 'average calls per service per day', wholeNumber('--rate', 0), 1000)
    .option('--seed <n>', 'random seed: the same seed gives the same records', wholeNumber('--seed', 0), 1)
    .option('--start <date>', 'first day YYYY-MM-DD (default: --days before today)')
    .option('--out <file>', 'write here instead of standard output')
    .action(
      async (options: {
        services: string;
        days: number;
        rate: number;
        seed: number;
        start?: string;
        out?: string;
      }) => {
        const start = options.start
          ? new Date(`${options.start}T00:00:00Z`)
          : new Date(Date.now() - options.days * 86_400_000);
        if (Number.isNaN(start.getTime())) throw new Error('--start: expected a date YYYY-MM-DD');
        const out = options.out ? createWriteStream(options.out) : process.stdout;
        let count = 0;
        for (const record of generateAuditRecords({
          services: parseServices(options.services),
          start,
          days: options.days,
          ratePerDay: options.rate,
          seed: options.seed,
        })) {
          count += 1;
          if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
        }
        if (options.out) {
          out.end();
          await once(out, 'finish');
          console.error(`Wrote ${count} records to ${options.out}.`);
        }
      },
    );

  audit
    .command('retention')
    .description('Drop whole months of audit records older than the given month')
    .requiredOption('--before <month>', 'YYYY-MM: months before this one are dropped')
    .action((options: { before: string }) =>
      withDatabase(async (handle) => {
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.before))
          throw new Error('--before: expected a month YYYY-MM');
        const result = await dropPartitionsBefore(handle.db, options.before);
        for (const d of result.dropped) console.log(`dropped ${d.month}: ${d.records} records`);
        console.log(`Dropped ${result.dropped.length} month(s) before ${options.before}.`);
      }),
    );
}
