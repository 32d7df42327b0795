import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createRootCa,
  exportPrivateKeyPem,
  importPrivateKeyPem,
  issueSigningCertificate,
  type KeyedCertificate,
  type KeyKind,
  readPemCertificates,
  type SubjectInput,
  toPem,
} from './certificates.ts';
import { readPkcs12, writePkcs12 } from './pkcs12.ts';

// The demo certification authority: made on first use in a folder of the data directory (outside
// git), it issues the agency's server certificate and, for demos, the institutions' certificates as
// PKCS#12 files that `pakalpe sign` can use. Never used once real keys are configured.

export const demoP12Password = 'demo-paraksts';
const yearMs = 365 * 24 * 3600 * 1000;

// One promise per folder and process, so that concurrent first uses do not make two CAs.
const cas = new Map<string, Promise<KeyedCertificate>>();
const parties = new Map<string, Promise<{ keyed: KeyedCertificate; p12Path: string }>>();

function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let promise = cache.get(key);
  if (!promise) {
    promise = make();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}

export function loadOrCreateDemoCa(dir: string, now = new Date()): Promise<KeyedCertificate> {
  return once(cas, path.resolve(dir), () => readOrCreateCa(dir, now));
}

async function readOrCreateCa(dir: string, now: Date): Promise<KeyedCertificate> {
  const certFile = path.join(dir, 'demo-root-ca.pem');
  const keyFile = path.join(dir, 'demo-root-ca.key.pem');
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    const [certificate] = readPemCertificates(certPem);
    if (certificate) return { certificate, privateKey: await importPrivateKeyPem(keyPem), chain: [] };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const ca = await createRootCa('Pakalpe demo CA (not for real signatures)', {
    notBefore: new Date(now.getTime() - 24 * 3600 * 1000),
    notAfter: new Date(now.getTime() + 10 * yearMs),
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(keyFile, await exportPrivateKeyPem(ca.privateKey), { mode: 0o600 });
  await writeFile(certFile, toPem([ca.certificate]));
  return ca;
}

export type DemoParty = { name: string; registrationNumber: string; person: string };

/** The demo certificate of a party (made once, then read back from `<dir>/<number>.p12`). */
export function demoCertificateFor(
  dir: string,
  party: DemoParty,
  now = new Date(),
): Promise<{ keyed: KeyedCertificate; p12Path: string }> {
  const key = `${path.resolve(dir)}|${party.registrationNumber}`;
  return once(parties, key, () =>
    readOrIssue(dir, path.join(dir, `${party.registrationNumber}.p12`), now, {
      subject: {
        commonName: party.person,
        organisation: party.name,
        registrationNumber: party.registrationNumber,
      },
    }),
  );
}

export type DemoPerson = { person: string; personalCode: string; keyKind?: KeyKind };

/**
 * A personal demo certificate, as eParaksts issues them: the person's name and serialNumber
 * `PNOLV-<code>`, no organisation, by default an ECC key as Latvian eID cards carry since 2021. It
 * counts for a party only through the register of representatives. The file is named by a hash of
 * the code, so no personal code is written into a file name.
 */
export function demoPersonalCertificateFor(
  dir: string,
  person: DemoPerson,
  now = new Date(),
): Promise<{ keyed: KeyedCertificate; p12Path: string }> {
  const tag = createHash('sha256').update(person.personalCode).digest('hex').slice(0, 16);
  const keyKind = person.keyKind ?? 'P-384';
  const p12Path = path.join(dir, `person-${tag}-${keyKind}.p12`);
  return once(parties, `${path.resolve(dir)}|person|${tag}|${keyKind}`, () =>
    readOrIssue(dir, p12Path, now, {
      subject: { commonName: person.person, personalCode: person.personalCode },
      keyKind,
    }),
  );
}

/** The certificate kept in `p12Path`, or a new one from the demo CA, kept there. */
async function readOrIssue(
  dir: string,
  p12Path: string,
  now: Date,
  wanted: { subject: SubjectInput; keyKind?: KeyKind },
): Promise<{ keyed: KeyedCertificate; p12Path: string }> {
  try {
    return { keyed: await readPkcs12(await readFile(p12Path), demoP12Password), p12Path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const ca = await loadOrCreateDemoCa(dir, now);
  const keyed = await issueSigningCertificate(ca, wanted.subject, {
    notBefore: new Date(now.getTime() - 24 * 3600 * 1000),
    notAfter: new Date(now.getTime() + 3 * yearMs),
    ...(wanted.keyKind && { keyKind: wanted.keyKind }),
  });
  await writeFile(p12Path, await writePkcs12(keyed, demoP12Password), { mode: 0o600 });
  return { keyed, p12Path };
}
