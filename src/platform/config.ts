import path from 'node:path';
import { z } from 'zod';

// The only module that reads process.env. Everything is parsed at start; every problem is reported at once.

const port = z.coerce
  .number({ error: 'expected a whole number from 1 to 65535' })
  .int('expected a whole number from 1 to 65535')
  .min(1, 'expected a whole number from 1 to 65535')
  .max(65535, 'expected a whole number from 1 to 65535');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const timeoutMs = z.coerce
  .number({ error: 'expected a number of milliseconds from 100 to 120000' })
  .int('expected a whole number of milliseconds')
  .min(100, 'expected a number of milliseconds from 100 to 120000')
  .max(120_000, 'expected a number of milliseconds from 100 to 120000');

const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z
    .string()
    .min(1, 'expected a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'expected a folder path for the embedded database').default('./data'),
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\/.+/,
      'expected a PostgreSQL connection URL: postgres://user@host:5432/database',
    )
    .optional(),
  PUBLIC_URL: z.url({ error: 'expected an absolute URL such as https://pakalpe.example.lv' }).optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  SESSION_TTL_HOURS: z.coerce
    .number({ error: 'expected a number of hours from 1 to 720' })
    .int('expected a whole number of hours')
    .min(1, 'expected a number of hours from 1 to 720')
    .max(720, 'expected a number of hours from 1 to 720')
    .default(8),
  COOKIE_SECURE: booleanFlag.optional(),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ error: 'expected a whole number of attempts from 1 to 100000' })
    .int('expected a whole number of attempts')
    .min(1, 'expected a whole number of attempts from 1 to 100000')
    .max(100_000, 'expected a whole number of attempts from 1 to 100000')
    .default(20),
  AUDIT_HASH_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters of secret (e.g. openssl rand -base64 32)')
    .optional(),
  ACT_SIGNING_P12: z.string().min(1).optional(),
  ACT_SIGNING_P12_PASSWORD: z.string().optional(),
  ACT_SIGNING_KEY: z.string().min(1).optional(),
  ACT_SIGNING_CERT: z.string().min(1).optional(),
  ACT_TRUST_ANCHORS: z.string().min(1).optional(),
  ACT_TSA_URL: z
    .url({
      protocol: /^https?$/,
      error: 'expected the http(s) URL of an RFC 3161 time-stamping service, e.g. http://tsa.example.lv/tsa',
    })
    .optional(),
  ACT_OCSP_URL: z
    .url({
      protocol: /^https?$/,
      error: 'expected the http(s) URL of an OCSP responder, e.g. http://ocsp.example.lv/',
    })
    .optional(),
  // Comma-separated paths; split and checked below.
  ACT_TRUST_LIST: z.string().optional(),
  ACT_TRUST_LIST_SIGNERS: z
    .string()
    .min(1, 'expected a PEM file of the certificates that sign trusted lists')
    .optional(),
  ACT_TSA_TIMEOUT_MS: timeoutMs.default(10_000),
  ACT_OCSP_TIMEOUT_MS: timeoutMs.default(10_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'expected an SMTP URL: smtp://user:password@mail.example.lv:587')
    .optional(),
  SUPPORT_REPLY_WORKING_DAYS: z.coerce
    .number({ error: 'expected a whole number of working days from 1 to 30' })
    .int('expected a whole number of working days')
    .min(1, 'expected a whole number of working days from 1 to 30')
    .max(30, 'expected a whole number of working days from 1 to 30')
    .default(2),
  MAIL_FROM: z
    .string()
    .min(3, 'expected a sender such as Pakalpe <pakalpe@example.lv>')
    .default('Pakalpe <pakalpe@localhost>'),
  // No `+` in the local part: replies come to `<local>+<token>@<domain>`.
  SUPPORT_ADDRESS: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/,
      'expected the support mailbox address without a +tag, e.g. atbalsts@pakalpe.example.lv',
    )
    .optional(),
  SUPPORT_SMTP_PORT: port.optional(),
  SUPPORT_SMTP_HOST: z
    .string()
    .min(1, 'expected a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  SUPPORT_MAX_MESSAGE_BYTES: z.coerce
    .number({ error: 'expected a number of bytes from 1024 to 104857600' })
    .int('expected a whole number of bytes')
    .min(1024, 'expected a number of bytes from 1024 to 104857600')
    .max(100 * 1024 * 1024, 'expected a number of bytes from 1024 to 104857600')
    .default(25 * 1024 * 1024),
  SUPPORT_RATE_LIMIT_PER_HOUR: z.coerce
    .number({ error: 'expected a whole number of messages from 1 to 100000' })
    .int('expected a whole number of messages')
    .min(1, 'expected a whole number of messages from 1 to 100000')
    .max(100_000, 'expected a whole number of messages from 1 to 100000')
    .default(30),
  MAIL_TOKEN_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters of secret (e.g. openssl rand -base64 32)')
    .optional(),
  REPRESENTATIVE_HASH_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters of secret (e.g. openssl rand -base64 32)')
    .optional(),
  // The agency's identity: shown in the UI, in mails and in the act's header block.
  AGENCY_NAME_LV: z.string().trim().min(2).max(300).default('Valsts digitālās attīstības aģentūra'),
  AGENCY_NAME_EN: z.string().trim().min(2).max(300).default('State Digital Development Agency'),
  AGENCY_REGISTRATION_NUMBER: z
    .string()
    .regex(/^\d{11}$/, 'expected the 11-digit registration number, e.g. 90000000001')
    .optional(),
  AGENCY_ADDRESS: z.string().trim().min(5).max(300).optional(),
  AGENCY_PHONE: z
    .string()
    .regex(/^\+?[0-9 ()-]{5,30}$/, 'expected a phone number such as +371 67000000')
    .optional(),
  AGENCY_EMAIL: z
    .email({ error: 'expected the e-mail address of the agency, e.g. atbalsts@vdaa.gov.lv' })
    .default('atbalsts@vdaa.gov.lv'),
});

/**
 * Who the agency is, as configuration (the agency changes name and address; VISS passed from VRAA to
 * VDAA): the UI, the mails and the act's header block all take it from here, never from literals.
 */
export type AgencyIdentity = Readonly<{
  name: Readonly<{ lv: string; en: string }>;
  registrationNumber: string | undefined;
  address: string | undefined;
  phone: string | undefined;
  email: string;
}>;

/**
 * How the agency signs acceptance acts and whom verification trusts: a PKCS#12 file, or a PEM key
 * and certificate, each with a trust list (PEM bundle of CA certificates); or, with none of these set,
 * the demo CA made in the data folder (for the embedded demo and tests, never for real signatures).
 */
export type ActSigningSettings =
  | { kind: 'demo'; dir: string }
  | { kind: 'pkcs12'; file: string; password: string; trustAnchorsFile: string }
  | { kind: 'pem'; keyFile: string; certFile: string; trustAnchorsFile: string };

/**
 * The trust services the agency's signature at issue uses: with a TSA it gets an RFC 3161 time stamp
 * (XAdES baseline T); with an OCSP responder too (this one, or the one the agency certificate's AIA
 * names) it also embeds the certificates and the OCSP response (baseline LT). Unset in demo mode,
 * `serve` starts a local TSA and responder of the demo CA and fills them in.
 */
export type ActTrustServiceSettings = Readonly<{
  tsaUrl: string | undefined;
  ocspUrl: string | undefined;
  tsaTimeoutMs: number;
  ocspTimeoutMs: number;
}>;

/**
 * ETSI TS 119 612 trusted lists: files loaded into the database at `serve` start (and read directly
 * by `pakalpe verify`), and the certificates allowed to sign any trusted list. A LOTL in force adds
 * the signer it names for each national list.
 */
export type TrustListSettings = Readonly<{ files: readonly string[]; signersFile: string | undefined }>;

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  sessionTtlHours: number;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
  /** Key of the HMAC that hides end users' personal codes in audit records; generated into dataDir when unset. */
  auditHashSecret: string | undefined;
  actSigning: ActSigningSettings;
  actTrustServices: ActTrustServiceSettings;
  trustLists: TrustListSettings;
  /** SMTP server for outgoing e-mail; unset, mail goes to the development mailbox (see mail/transport.ts). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Working days (Mon–Fri) the agency has to answer an open consultation. */
  supportReplyWorkingDays: number;
  /** The support mailbox: its address, its SMTP listener and the limits on what it accepts. */
  supportMailbox: SupportMailboxSettings;
  /** Key of the HMAC in reply tokens (Reply-To addresses); generated into dataDir when unset. */
  mailTokenSecret: string | undefined;
  /**
   * Key of the HMAC that stands for representatives' personal codes in the register; generated into
   * dataDir when unset. Losing it makes every registered entry unmatchable (the codes are not kept).
   */
  representativeHashSecret: string | undefined;
  agency: AgencyIdentity;
}>;

export type SupportMailboxSettings = Readonly<{
  /** Replies to notifications go to `<local>+<token>@<domain>` of it; unset, mail carries no Reply-To. */
  address: string | undefined;
  /** SMTP port of the receiver; unset, the receiver is off. */
  port: number | undefined;
  host: string;
  maxMessageBytes: number;
  /** Messages accepted per sender address and per client IP address in an hour. */
  rateLimitPerHour: number;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (or any record shaped like it). Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '?')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  if (e.SUPPORT_SMTP_PORT !== undefined && !e.SUPPORT_ADDRESS) {
    throw new ConfigError([
      'SUPPORT_ADDRESS: expected the support mailbox address when SUPPORT_SMTP_PORT is set',
    ]);
  }
  if (e.ACT_OCSP_URL && !e.ACT_TSA_URL) {
    throw new ConfigError([
      'ACT_OCSP_URL: set it together with ACT_TSA_URL (the OCSP response is embedded at level LT, which builds on the time stamp)',
    ]);
  }
  const actSigning = actSigningFrom(e, path.resolve(e.DATA_DIR));
  const trustLists = trustListsFrom(e);
  const publicUrl = (e.PUBLIC_URL ?? `http://${displayHost(e.HOST)}:${e.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    logLevel: e.LOG_LEVEL,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE ?? publicUrl.startsWith('https://'),
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    auditHashSecret: e.AUDIT_HASH_SECRET,
    actSigning,
    actTrustServices: Object.freeze({
      tsaUrl: e.ACT_TSA_URL,
      ocspUrl: e.ACT_OCSP_URL,
      tsaTimeoutMs: e.ACT_TSA_TIMEOUT_MS,
      ocspTimeoutMs: e.ACT_OCSP_TIMEOUT_MS,
    }),
    trustLists,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    supportMailbox: Object.freeze({
      address: e.SUPPORT_ADDRESS?.toLowerCase(),
      port: e.SUPPORT_SMTP_PORT,
      host: e.SUPPORT_SMTP_HOST,
      maxMessageBytes: e.SUPPORT_MAX_MESSAGE_BYTES,
      rateLimitPerHour: e.SUPPORT_RATE_LIMIT_PER_HOUR,
    }),
    mailTokenSecret: e.MAIL_TOKEN_SECRET,
    representativeHashSecret: e.REPRESENTATIVE_HASH_SECRET,
    supportReplyWorkingDays: e.SUPPORT_REPLY_WORKING_DAYS,
    agency: Object.freeze({
      name: Object.freeze({ lv: e.AGENCY_NAME_LV, en: e.AGENCY_NAME_EN }),
      registrationNumber: e.AGENCY_REGISTRATION_NUMBER,
      address: e.AGENCY_ADDRESS,
      phone: e.AGENCY_PHONE,
      email: e.AGENCY_EMAIL,
    }),
  });
}

function actSigningFrom(e: z.infer<typeof envSchema>, dataDir: string): ActSigningSettings {
  const problems: string[] = [];
  const configured = e.ACT_SIGNING_P12 ?? e.ACT_SIGNING_KEY ?? e.ACT_SIGNING_CERT;
  if (configured && !e.ACT_TRUST_ANCHORS) {
    problems.push(
      'ACT_TRUST_ANCHORS: expected a PEM file of trusted CA certificates when a signing key is set',
    );
  }
  if (e.ACT_SIGNING_P12 && (e.ACT_SIGNING_KEY || e.ACT_SIGNING_CERT)) {
    problems.push(
      'ACT_SIGNING_P12: set either a PKCS#12 file or ACT_SIGNING_KEY and ACT_SIGNING_CERT, not both',
    );
  }
  if (!e.ACT_SIGNING_P12 && Boolean(e.ACT_SIGNING_KEY) !== Boolean(e.ACT_SIGNING_CERT)) {
    problems.push('ACT_SIGNING_KEY: expected both ACT_SIGNING_KEY and ACT_SIGNING_CERT (PEM files)');
  }
  if (!configured && e.ACT_TRUST_ANCHORS) {
    problems.push(
      'ACT_TRUST_ANCHORS: set it together with ACT_SIGNING_P12 or ACT_SIGNING_KEY/ACT_SIGNING_CERT',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const trustAnchorsFile = path.resolve(e.ACT_TRUST_ANCHORS ?? '');
  if (e.ACT_SIGNING_P12) {
    return {
      kind: 'pkcs12',
      file: path.resolve(e.ACT_SIGNING_P12),
      password: e.ACT_SIGNING_P12_PASSWORD ?? '',
      trustAnchorsFile,
    };
  }
  if (e.ACT_SIGNING_KEY && e.ACT_SIGNING_CERT) {
    return {
      kind: 'pem',
      keyFile: path.resolve(e.ACT_SIGNING_KEY),
      certFile: path.resolve(e.ACT_SIGNING_CERT),
      trustAnchorsFile,
    };
  }
  return { kind: 'demo', dir: path.join(dataDir, 'demo-ca') };
}

function trustListsFrom(e: z.infer<typeof envSchema>): TrustListSettings {
  const entries = e.ACT_TRUST_LIST === undefined ? [] : e.ACT_TRUST_LIST.split(',').map((p) => p.trim());
  if (entries.some((entry) => entry === '')) {
    throw new ConfigError([
      'ACT_TRUST_LIST: expected trusted list files separated by commas, e.g. /etc/pakalpe/eu-lotl.xml,/etc/pakalpe/lv-tl.xml (an entry is empty)',
    ]);
  }
  return Object.freeze({
    files: Object.freeze([...new Set(entries.map((entry) => path.resolve(entry)))]),
    signersFile: e.ACT_TRUST_LIST_SIGNERS === undefined ? undefined : path.resolve(e.ACT_TRUST_LIST_SIGNERS),
  });
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
