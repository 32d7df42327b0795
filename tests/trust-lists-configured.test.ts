import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRootCa, type KeyedCertificate, toPem } from '../src/acts/signing/certificates.ts';
import { connectDatabase, type DatabaseHandle } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { loadConfiguredTrustLists, TrustListConfigurationError } from '../src/trust-lists/index.ts';
import { ApiClient, startTestApp } from './helpers/app.ts';
import { createEmptyPostgresDatabase, createTestDatabase, testDatabaseKind } from './helpers/db.ts';
import { makeWorld } from './helpers/factories.ts';
import { grantedCa, listOf, loadList, makeListSigner, tampered, validity } from './helpers/trust-lists.ts';

// ACT_TRUST_LIST and ACT_TRUST_LIST_SIGNERS: the configured files go into the database at `serve`
// start, each once however many servers start together; the LOTL first, since it names the signer
// of the Latvian list; a file that cannot be read or whose signature does not hold stops the start.

const root = path.resolve(import.meta.dirname, '..');

describe(`trusted lists from the configuration [${testDatabaseKind}]`, () => {
  let dir: string;
  let euSigner: KeyedCertificate;
  let lvSigner: KeyedCertificate;
  const files = { lotl: '', lv: '', tampered: '', signers: '' };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pakalpe-trust-lists-'));
    [euSigner, lvSigner] = await Promise.all([makeListSigner('EU'), makeListSigner('LV')]);
    const ca = await createRootCa('Konfigurācijas CA (tests)', validity());
    const lotl = await listOf('EU', 310, [], {
      signer: euSigner,
      pointers: [
        { territory: 'EU', signer: euSigner.certificate },
        { territory: 'LV', signer: lvSigner.certificate },
      ],
    });
    const lv = await listOf('LV', 77, [grantedCa(ca)], { signer: lvSigner });
    Object.assign(files, {
      lotl: path.join(dir, 'eu-lotl.xml'),
      lv: path.join(dir, 'lv-tl.xml'),
      tampered: path.join(dir, 'lv-tampered.xml'),
      signers: path.join(dir, 'tl-signers.pem'),
    });
    await Promise.all([
      writeFile(files.lotl, lotl),
      writeFile(files.lv, lv),
      writeFile(files.tampered, tampered(lv, 77)),
      // Only the LOTL's signer is configured: the Latvian list's signer comes from the LOTL's pointer.
      writeFile(files.signers, toPem([euSigner.certificate])),
    ]);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** Two handles on one database, as two servers have: two pools on PostgreSQL; PGlite serves one process. */
  async function twoServers(): Promise<{ a: DatabaseHandle; b: DatabaseHandle; close: () => Promise<void> }> {
    if (testDatabaseKind === 'pglite') {
      const a = await createTestDatabase();
      return { a, b: a, close: a.drop };
    }
    const empty = await createEmptyPostgresDatabase();
    const a = await connectDatabase({ kind: 'postgres', url: empty.url, poolSize: 4 });
    await migrateToLatest(a.db);
    const b = await connectDatabase({ kind: 'postgres', url: empty.url, poolSize: 4 });
    return {
      a,
      b,
      close: async () => {
        await Promise.all([a.close(), b.close()]);
        await empty.drop();
      },
    };
  }

  // The LV file comes first on purpose: the loader must take the LOTL first to know LV's signer.
  const settings = () => ({ files: [files.lv, files.lotl], signersFile: files.signers });

  it('two servers starting at once on one database load each file once, the LOTL first, both signatures checked', async () => {
    const servers = await twoServers();
    try {
      // Each server twice over, to make the race likelier: every file must still be stored once.
      const results = await Promise.all(
        [servers.a, servers.b, servers.a, servers.b].map((server) =>
          loadConfiguredTrustLists(server.db, settings()),
        ),
      );
      const outcomes = results.flat().map((o) => `${o.territory} ${o.outcome} ${o.signature}`);
      assert.deepEqual([...new Set(outcomes)].sort(), [
        'EU already_loaded valid',
        'EU loaded valid',
        'LV already_loaded valid',
        'LV loaded valid',
      ]);
      assert.equal(outcomes.filter((o) => o.includes(' loaded ')).length, 2, 'each file is loaded once');
      const rows = await servers.a.db
        .selectFrom('trust_lists')
        .select(['territory', 'sequence_number', 'source', 'loaded_by', 'signature_status'])
        .orderBy('territory')
        .execute();
      assert.deepEqual(rows, [
        {
          territory: 'EU',
          sequence_number: 310,
          source: 'configuration',
          loaded_by: null,
          signature_status: 'valid',
        },
        {
          territory: 'LV',
          sequence_number: 77,
          source: 'configuration',
          loaded_by: null,
          signature_status: 'valid',
        },
      ]);
      const events = await servers.a.db
        .selectFrom('trust_list_events')
        .select(['action', 'actor_id', 'details'])
        .execute();
      assert.equal(events.length, 2, 'one "loaded" entry per list');
      assert.ok(events.every((e) => e.action === 'loaded' && e.actor_id === null));
      assert.deepEqual(events.map((e) => (e.details as { file: string }).file).sort(), [
        files.lotl,
        files.lv,
      ]);

      // A restart finds them there; a list an admin removed stays removed.
      const [lv] = await servers.a.db
        .selectFrom('trust_lists')
        .select('id')
        .where('territory', '=', 'LV')
        .execute();
      await servers.a.db
        .insertInto('trust_list_events')
        .values({
          id: randomUUID(),
          trust_list_id: lv?.id ?? '',
          action: 'removed',
          actor_id: null,
          reason: 'Pārbaude.',
          details: '{}',
          created_at: new Date(),
        })
        .execute();
      const restart = await loadConfiguredTrustLists(servers.a.db, settings());
      assert.deepEqual(
        restart.map((o) => [o.territory, o.outcome]),
        [
          ['EU', 'already_loaded'],
          ['LV', 'removed'],
        ],
      );
    } finally {
      await servers.close();
    }
  });

  it('a file that fails its signature, or cannot be read, or an unreadable signers file, stops the start naming it', async () => {
    const database = await createTestDatabase();
    try {
      await assert.rejects(
        loadConfiguredTrustLists(database.db, {
          files: [files.lotl, files.tampered],
          signersFile: files.signers,
        }),
        (error: Error) => {
          assert.ok(error instanceof TrustListConfigurationError);
          assert.match(
            error.message,
            /^ACT_TRUST_LIST: .*lv-tampered\.xml: the list was changed after it was signed \(signature_invalid\)$/,
          );
          return true;
        },
      );
      const stored = await database.db.selectFrom('trust_lists').select('territory').execute();
      assert.deepEqual(stored, [{ territory: 'EU' }], 'the tampered list is not stored');
      await assert.rejects(
        loadConfiguredTrustLists(database.db, {
          files: [path.join(dir, 'missing.xml')],
          signersFile: undefined,
        }),
        /ACT_TRUST_LIST: .*missing\.xml cannot be read/,
      );
      await assert.rejects(
        loadConfiguredTrustLists(database.db, { files: [], signersFile: files.lv }),
        /ACT_TRUST_LIST_SIGNERS: .*lv-tl\.xml holds no PEM certificate/,
      );
    } finally {
      await database.drop();
    }
  });

  it('with ACT_TRUST_LIST_SIGNERS, an uploaded list must be signed by one of them or by the signer the LOTL names', async () => {
    const t = await startTestApp({ ACT_TRUST_LIST_SIGNERS: files.signers });
    try {
      const w = await makeWorld(t.database.db);
      const admin = await ApiClient.logIn(t.app, w.admin.email, w.admin.password);
      const eeSigner = await makeListSigner('EE');
      const unknown = await loadList(admin, await listOf('EE', 1, [], { signer: eeSigner }));
      assert.equal(unknown.status, 422, JSON.stringify(unknown.body));
      assert.equal(unknown.body.reason, 'wrong_signer');
      const byConfigured = await loadList(admin, await listOf('EE', 1, [], { signer: euSigner }));
      assert.equal(byConfigured.status, 201, JSON.stringify(byConfigured.body));
      assert.equal(byConfigured.body.signature.status, 'valid');
      // Before the LOTL is loaded the Latvian list's own signer is unknown; after, it is the one named.
      const lv = await listOf('LV', 5, [], { signer: lvSigner });
      assert.equal((await loadList(admin, lv)).body.reason, 'wrong_signer');
      assert.equal((await loadList(admin, await readFile(files.lotl))).status, 201);
      const afterLotl = await loadList(admin, lv);
      assert.equal(afterLotl.status, 201, JSON.stringify(afterLotl.body));
      assert.equal(afterLotl.body.signature.status, 'valid');
    } finally {
      await t.close();
    }
  });

  it('`pakalpe serve` with a list that fails its signature does not start, and says which file and why', {
    timeout: 60_000,
    skip: testDatabaseKind !== 'pglite',
  }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pakalpe-serve-tl-'));
    try {
      const child = spawn(process.execPath, ['bin/pakalpe.js', 'serve'], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          DATA_DIR: dataDir,
          PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
          LOG_LEVEL: 'warn',
          ACT_TRUST_LIST: `${files.lotl},${files.tampered}`,
          ACT_TRUST_LIST_SIGNERS: files.signers,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 1, stderr);
      assert.match(
        stderr,
        /pakalpe: ACT_TRUST_LIST: .*lv-tampered\.xml: the list was changed after it was signed/,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
