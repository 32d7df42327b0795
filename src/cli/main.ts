import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import { localOperator } from '../accounts/permissions.ts';
import { personHasher, resolveHashSecret } from '../audit/end-user-hash.ts';
import type { DemoLogin } from '../demo/seed-demo.ts';
import { type Config, ConfigError, loadConfig } from '../platform/config.ts';
import { connectDatabase, connectOptionsFrom, type DatabaseHandle } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { AppError } from '../platform/errors.ts';
import { roles } from '../requests/workflow.ts';
import { registerAuditCommands } from './audit.ts';

// `pakalpe <command>`: every command reads the same configuration (environment variables) and opens
// the same database the server would. The server and the demo are imported when their command runs:
// loading the whole app costs a second and ~100 MB, which `audit import` of a big file should not carry.

async function open(): Promise<{ config: Config; handle: DatabaseHandle }> {
  const config = loadConfig();
  const handle = await connectDatabase(connectOptionsFrom(config));
  await migrateToLatest(handle.db);
  return { config, handle };
}

async function withDatabase<T>(work: (handle: DatabaseHandle, config: Config) => Promise<T>): Promise<T> {
  const { config, handle } = await open();
  try {
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}

async function printLogins(logins: DemoLogin[]): Promise<void> {
  const { demoPassword } = await import('../demo/seed-demo.ts');
  printDemoLogins(logins, demoPassword);
}

function printDemoLogins(logins: DemoLogin[], demoPassword: string): void {
  console.log(`\nDemo accounts (password for all: ${demoPassword}):`);
  for (const l of logins)
    console.log(`  ${l.email.padEnd(28)} ${l.role.padEnd(19)} ${l.displayName} — ${l.institution ?? ''}`);
}

/** The local TSA and OCSP responder of the demo CA, when acts are signed with it and nothing else is set. */
async function startDemoTrustServices(config: Config) {
  const configured = config.actTrustServices;
  if (config.actSigning.kind !== 'demo' || configured.tsaUrl || configured.ocspUrl) {
    return { settings: configured, services: undefined };
  }
  const { loadOrCreateDemoCa, startLocalTrustServices } = await import('../acts/index.ts');
  const dir = config.actSigning.dir;
  const services = await startLocalTrustServices({ ca: await loadOrCreateDemoCa(dir), dir });
  return { settings: { ...configured, tsaUrl: services.tsaUrl, ocspUrl: services.ocspUrl }, services };
}

async function readPasswordFromStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new Error('No password on standard input.');
}

const program = new Command()
  .name('pakalpe')
  .description('Pakalpe: publishing VISS web services from the test environment to production')
  .showHelpAfterError();

program
  .command('serve')
  .description('Start the HTTP server (migrates the database first)')
  .option('--demo-if-empty', 'seed the demo when the database is empty (embedded database only)')
  .action(async (options: { demoIfEmpty?: boolean }) => {
    const { config, handle } = await open();
    const { buildApp } = await import('../app.ts');
    const { demoPassword, isDatabaseEmpty, seedDemo } = await import('../demo/seed-demo.ts');
    let logins: DemoLogin[] = [];
    if (options.demoIfEmpty && handle.kind === 'pglite' && (await isDatabaseEmpty(handle.db))) {
      const { createPersonalCodeHasher } = await import('../representatives/personal-code-hash.ts');
      logins = await seedDemo(
        handle,
        personHasher(resolveHashSecret(config)),
        config.publicUrl,
        createPersonalCodeHasher(config),
      );
    }
    // Trusted lists named by ACT_TRUST_LIST go into the database before the server answers; a file that
    // cannot be read or whose signature does not hold (or an unreadable ACT_TRUST_LIST_SIGNERS) stops
    // the start here.
    const { describeConfiguredList, loadConfiguredTrustLists } = await import('../trust-lists/index.ts');
    const trustLists = await loadConfiguredTrustLists(handle.db, config.trustLists);
    // Demo acts are signed at level LT: without configured keys or trust services, a local TSA and
    // OCSP responder of the demo CA answer on the loopback interface for as long as the server runs.
    const trust = await startDemoTrustServices(config);
    const app = await buildApp(handle, { ...config, actTrustServices: trust.settings });
    for (const list of trustLists) app.log.info({ trustList: list }, describeConfiguredList(list));
    if (trust.services) {
      const services = trust.services;
      app.addHook('onClose', () => services.close());
    }
    // The serve process delivers the outbox; closing the app stops the worker before the database closes.
    const { createMailTransport, replySigningFor, startMailWorker } = await import('../mail/index.ts');
    const replies = replySigningFor(config);
    const mailWorker = startMailWorker(handle.db, createMailTransport({ ...config, replies }), {
      onError: (error) => app.log.error({ err: error }, 'mail delivery round failed'),
      // The recipient is personal data: the log names the outbox row, where an admin can see the rest.
      onFailure: (row, error, isFinal) =>
        app.log.warn(
          { outboxId: row.id, attempts: row.attempts, error },
          isFinal ? 'mail failed for good; an admin can retry it' : 'mail delivery failed; will retry',
        ),
    });
    app.addHook('onClose', () => mailWorker.stop());
    // The support mailbox's SMTP receiver, when SUPPORT_SMTP_PORT is set (config requires SUPPORT_ADDRESS then).
    if (config.supportMailbox.port !== undefined && replies) {
      const { startSupportMailbox } = await import('../support-mailbox/index.ts');
      const { consultationPort } = await import('../support-mailbox/consultation-port.ts');
      const mailbox = await startSupportMailbox(handle.db, {
        supportAddress: replies.supportAddress,
        tokenSecret: replies.secret,
        consultations: consultationPort,
        publicUrl: config.publicUrl,
        host: config.supportMailbox.host,
        port: config.supportMailbox.port,
        maxMessageBytes: config.supportMailbox.maxMessageBytes,
        rateLimitPerHour: config.supportMailbox.rateLimitPerHour,
        log: app.log,
      });
      app.addHook('onClose', () => mailbox.close());
    }
    const stop = async (signal: string) => {
      app.log.info(`${signal}: shutting down`);
      await app.close();
      await handle.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
    await app.listen({ port: config.port, host: config.host });
    // One synchronous burst: a caller that saw the address also sees the demo accounts.
    console.log(`\nPakalpe is running at ${config.publicUrl}/`);
    console.log(`  API reference: ${config.publicUrl}/api/docs`);
    console.log(`  Database: ${handle.kind} (${handle.location})`);
    const { describeTrustServices } = await import('../acts/index.ts');
    console.log(
      `  Acceptance acts: ${config.actSigning.kind === 'demo' ? 'demo CA' : config.actSigning.kind} keys, ${describeTrustServices(trust.settings)}${trust.services ? ' (local demo services)' : ''}`,
    );
    for (const list of trustLists) console.log(`  Trusted list: ${describeConfiguredList(list)}`);
    if (logins.length > 0) printDemoLogins(logins, demoPassword);
  });

program
  .command('migrate')
  .description('Bring the database schema up to date')
  .action(() =>
    withDatabase(async (handle) => {
      console.log(`Database ${handle.kind} (${handle.location}) is up to date.`);
    }),
  );

program
  .command('seed')
  .description('Fill an empty database with data')
  .requiredOption(
    '--demo',
    'the realistic demo: the agency, three institutions, services, requests in several states',
  )
  .action(() =>
    withDatabase(async (handle, config) => {
      const { isDatabaseEmpty, seedDemo } = await import('../demo/seed-demo.ts');
      if (!(await isDatabaseEmpty(handle.db))) {
        throw new Error(
          'The database already has institutions; the demo is seeded only into an empty database.',
        );
      }
      const { createPersonalCodeHasher } = await import('../representatives/personal-code-hash.ts');
      await printLogins(
        await seedDemo(
          handle,
          personHasher(resolveHashSecret(config)),
          config.publicUrl,
          createPersonalCodeHasher(config),
        ),
      );
    }),
  );

const institution = program.command('institution').description('Manage institutions');
institution
  .command('create')
  .description('Add an institution')
  .requiredOption('--name <name>', 'official name')
  .requiredOption('--registration-number <number>', '11-digit registration number')
  .option('--agency', 'this is the agency that runs VISS')
  .action((options: { name: string; registrationNumber: string; agency?: boolean }) =>
    withDatabase(async (handle) => {
      const { createInstitution } = await import('../accounts/institutions.ts');
      const created = await createInstitution(handle.db, localOperator, {
        name: options.name,
        registrationNumber: options.registrationNumber,
        isAgency: options.agency ?? false,
      });
      console.log(`Created institution ${created.name} (${created.registrationNumber}), id ${created.id}`);
    }),
  );

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a user; prints a generated password unless --password-stdin is given')
  .requiredOption('--email <email>', 'login e-mail')
  .requiredOption('--name <name>', 'display name')
  .addOption(new Option('--role <role>', 'role').choices(roles).makeOptionMandatory())
  .option('--institution <registrationNumber>', 'for institution_member: the institution')
  .option('--locale <locale>', 'lv or en', 'lv')
  .option('--password-stdin', 'read the password from standard input')
  .action(
    (options: {
      email: string;
      name: string;
      role: (typeof roles)[number];
      institution?: string;
      locale: 'lv' | 'en';
      passwordStdin?: boolean;
    }) =>
      withDatabase(async (handle) => {
        let institutionId: string | null = null;
        if (options.institution) {
          const found = await handle.db
            .selectFrom('institutions')
            .select('id')
            .where('registration_number', '=', options.institution)
            .executeTakeFirst();
          if (!found) throw new Error(`No institution with registration number ${options.institution}.`);
          institutionId = found.id;
        }
        const password = options.passwordStdin
          ? await readPasswordFromStdin()
          : randomBytes(12).toString('base64url');
        const { createUser } = await import('../accounts/users.ts');
        const created = await createUser(handle.db, localOperator, {
          email: options.email,
          displayName: options.name,
          role: options.role,
          institutionId,
          password,
          locale: options.locale,
        });
        console.log(`Created user ${created.email} (${created.role}), id ${created.id}`);
        if (!options.passwordStdin) console.log(`Password (shown once): ${password}`);
      }),
  );

program
  .command('lint')
  .description(
    'Check service descriptions (WSDL, OpenAPI, or a zip bundle) against the VISS guidelines; no server or database needed',
  )
  .argument(
    '<files...>',
    'description files; files beside each one (XSDs, split OpenAPI parts) are used for its imports',
  )
  .addOption(new Option('--format <format>', 'output').choices(['text', 'json', 'sarif']).default('text'))
  .addOption(new Option('--lang <lang>', 'language of the messages').choices(['lv', 'en']).default('lv'))
  .option(
    '--ruleset <file>',
    "the agency's rule settings: GET /api/v1/rules saved as JSON, or a map of rule id to { enabled, severity }",
  )
  .action(
    async (
      files: string[],
      options: { format: 'text' | 'json' | 'sarif'; lang: 'lv' | 'en'; ruleset?: string },
    ) => {
      const { lint } = await import('./lint.ts');
      process.exitCode = await lint(files, options);
    },
  );

registerAuditCommands(program, withDatabase);

program
  .command('sign')
  .description(
    'Add an XAdES signature to an ASiC-E container (.asice/.edoc), as a signing tool would; a PDF becomes a new container',
  )
  .argument('<file>', 'the container (or a PDF) to sign')
  .requiredOption('--p12 <file>', 'the signer: a PKCS#12 file with the key and certificate')
  .option('--password <password>', 'the PKCS#12 password (or use --password-stdin)')
  .option('--password-stdin', 'read the PKCS#12 password from standard input')
  .option('--out <file>', 'where to write the signed container (default: <file>-signed.asice)')
  .action(
    async (
      file: string,
      options: { p12: string; password?: string; passwordStdin?: boolean; out?: string },
    ) => {
      const { signFile } = await import('./acts.ts');
      const password = options.passwordStdin ? await readPasswordFromStdin() : (options.password ?? '');
      console.log(await signFile(file, { p12: options.p12, password, out: options.out }));
    },
  );

program
  .command('verify')
  .description(
    "Verify every signature of an ASiC-E container against the configured trust list (the demo CA's by default)",
  )
  .argument('<file>', 'the container')
  .addOption(new Option('--lang <lang>', 'language of the reasons').choices(['lv', 'en']).default('lv'))
  .addOption(
    new Option('--format <format>', "text for people, json for programs (the API's report)")
      .choices(['text', 'json'])
      .default('text'),
  )
  .action(async (file: string, options: { lang: 'lv' | 'en'; format: 'text' | 'json' }) => {
    const { verifyFile } = await import('./acts.ts');
    if (!(await verifyFile(file, options))) process.exitCode = 1;
  });

const demoCa = program
  .command('demo-ca')
  .description('The demo certification authority (not for real signatures)');
demoCa
  .command('issue')
  .description(
    "Issue a demo signing certificate for a party (PKCS#12), trusted by this installation's demo CA",
  )
  .option(
    '--registration-number <number>',
    "the party's registration number (an organisation certificate: organizationIdentifier NTRLV-…)",
  )
  .option('--name <name>', "the party's name")
  .option(
    '--personal-code <code>',
    'a personal certificate instead (serialNumber PNOLV-…, as eParaksts issues): it signs for a party when the person is its registered representative',
  )
  .addOption(
    new Option('--key <kind>', 'the key of a personal certificate (eID cards since 2021: P-384)')
      .choices(['rsa', 'P-256', 'P-384', 'P-521'])
      .default('P-384'),
  )
  .requiredOption('--person <name>', 'the signing person')
  .requiredOption('--out <file>', 'the .p12 file to write')
  .option('--password <password>', 'the .p12 password', 'demo-paraksts')
  .action(
    async (options: {
      registrationNumber?: string;
      name?: string;
      personalCode?: string;
      key?: 'rsa' | 'P-256' | 'P-384' | 'P-521';
      person: string;
      out: string;
      password: string;
    }) => {
      const { issueDemoCertificate } = await import('./acts.ts');
      console.log(await issueDemoCertificate(options));
    },
  );

const history = program.command('history').description('Request history');
history
  .command('verify')
  .description("Recompute every request's hash chain; exits 1 when any chain is broken")
  .action(async () => {
    const intact = await withDatabase(async (handle) => {
      const { verifyAllChains } = await import('../requests/history.ts');
      const report = await verifyAllChains(handle.db);
      console.log(`Checked ${report.entries} history entries of ${report.requests} requests.`);
      if (report.broken.length === 0) {
        console.log('All chains are intact.');
        return true;
      }
      for (const b of report.broken) {
        console.log(
          `BROKEN request ${b.requestId}: ${b.problems.map((p) => `#${p.seq} ${p.problem}`).join(', ')}`,
        );
      }
      return false;
    });
    // Only once the database is closed: closing PGlite resets process.exitCode to 0.
    if (!intact) process.exitCode = 1;
  });

function explain(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof AppError) {
    const fields = error.errors?.map((e) => `\n  - ${e.path}: ${e.message}`).join('') ?? '';
    return `${error.detail ?? error.message}${fields}`;
  }
  if (error && typeof error === 'object' && 'issues' in error && Array.isArray(error.issues)) {
    return error.issues
      .map((i: { path: unknown[]; message: string }) => `${i.path.join('.')}: ${i.message}`)
      .join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`pakalpe: ${explain(error)}`);
  process.exit(1);
});
