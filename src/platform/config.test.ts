import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults: port 8080, embedded database in ./data', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(config.cookieSecure, false);
  });

  it('DATABASE_URL switches to PostgreSQL', () => {
    assert.equal(
      loadConfig({ DATABASE_URL: 'postgres://u@db:5432/p' }).databaseUrl,
      'postgres://u@db:5432/p',
    );
  });

  it('names every wrong variable and what it expects, all at once', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
      (error: ConfigError) => {
        assert.equal(error.problems.length, 3);
        assert.match(error.message, /PORT: expected a whole number from 1 to 65535/);
        assert.match(error.message, /DATABASE_URL: expected a PostgreSQL connection URL/);
        assert.match(error.message, /LOG_LEVEL: expected one of/);
        return true;
      },
    );
  });

  it('acts are signed with the demo CA in the data folder unless a key is configured', () => {
    assert.deepEqual(loadConfig({ DATA_DIR: '/srv/pakalpe' }).actSigning, {
      kind: 'demo',
      dir: path.resolve('/srv/pakalpe/demo-ca'),
    });
    assert.deepEqual(
      loadConfig({
        ACT_SIGNING_P12: 'agency.p12',
        ACT_SIGNING_P12_PASSWORD: 'secret',
        ACT_TRUST_ANCHORS: 'trust.pem',
      }).actSigning,
      {
        kind: 'pkcs12',
        file: path.resolve('agency.p12'),
        password: 'secret',
        trustAnchorsFile: path.resolve('trust.pem'),
      },
    );
    assert.equal(
      loadConfig({ ACT_SIGNING_KEY: 'k.pem', ACT_SIGNING_CERT: 'c.pem', ACT_TRUST_ANCHORS: 't.pem' })
        .actSigning.kind,
      'pem',
    );
  });

  it('a signing key without a trust list, or half a PEM pair, is refused with the reason', () => {
    assert.throws(
      () => loadConfig({ ACT_SIGNING_P12: 'agency.p12' }),
      /ACT_TRUST_ANCHORS: expected a PEM file/,
    );
    assert.throws(
      () => loadConfig({ ACT_SIGNING_KEY: 'k.pem', ACT_TRUST_ANCHORS: 't.pem' }),
      /ACT_SIGNING_KEY: expected both ACT_SIGNING_KEY and ACT_SIGNING_CERT/,
    );
    assert.throws(
      () =>
        loadConfig({
          ACT_SIGNING_P12: 'a.p12',
          ACT_SIGNING_KEY: 'k.pem',
          ACT_SIGNING_CERT: 'c.pem',
          ACT_TRUST_ANCHORS: 't',
        }),
      /not both/,
    );
  });

  it('refuses a port out of range', () => {
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT/);
  });

  it('a https PUBLIC_URL makes cookies Secure', () => {
    assert.equal(loadConfig({ PUBLIC_URL: 'https://pakalpe.example.lv/' }).cookieSecure, true);
    assert.equal(
      loadConfig({ PUBLIC_URL: 'https://pakalpe.example.lv/' }).publicUrl,
      'https://pakalpe.example.lv',
    );
  });

  it('without SMTP_URL mail goes to the development mailbox, from Pakalpe <pakalpe@localhost>', () => {
    const config = loadConfig({});
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.mailFrom, 'Pakalpe <pakalpe@localhost>');
    const smtp = loadConfig({
      SMTP_URL: 'smtp://u:p@mail.example.lv:587',
      MAIL_FROM: 'VRAA <pakalpe@vraa.gov.lv>',
    });
    assert.equal(smtp.smtpUrl, 'smtp://u:p@mail.example.lv:587');
    assert.equal(smtp.mailFrom, 'VRAA <pakalpe@vraa.gov.lv>');
  });

  it('an SMTP_URL that is not smtp:// or smtps:// is refused', () => {
    assert.throws(() => loadConfig({ SMTP_URL: 'mail.example.lv:25' }), /SMTP_URL: expected an SMTP URL/);
  });

  it('the support mailbox is off by default; set, it listens on 127.0.0.1 with 25 MiB and 30 an hour', () => {
    const off = loadConfig({});
    assert.equal(off.supportMailbox.port, undefined);
    assert.equal(off.supportMailbox.address, undefined);
    const on = loadConfig({ SUPPORT_ADDRESS: 'Atbalsts@Pakalpe.example.lv', SUPPORT_SMTP_PORT: '2525' });
    assert.deepEqual(on.supportMailbox, {
      address: 'atbalsts@pakalpe.example.lv',
      port: 2525,
      host: '127.0.0.1',
      maxMessageBytes: 25 * 1024 * 1024,
      rateLimitPerHour: 30,
    });
    assert.equal(
      loadConfig({ SUPPORT_ADDRESS: 'atbalsts@localhost' }).supportMailbox.address,
      'atbalsts@localhost',
    );
  });

  it('a support port without an address, an address with a +tag, or a tiny size limit is refused', () => {
    assert.throws(
      () => loadConfig({ SUPPORT_SMTP_PORT: '2525' }),
      /SUPPORT_ADDRESS: expected the support mailbox address/,
    );
    assert.throws(
      () => loadConfig({ SUPPORT_ADDRESS: 'atbalsts+x@example.lv' }),
      /SUPPORT_ADDRESS: expected/,
    );
    assert.throws(
      () => loadConfig({ SUPPORT_MAX_MESSAGE_BYTES: '10' }),
      /SUPPORT_MAX_MESSAGE_BYTES: expected/,
    );
    assert.throws(
      () => loadConfig({ MAIL_TOKEN_SECRET: 'short' }),
      /MAIL_TOKEN_SECRET: expected at least 32/,
    );
  });

  it('the agency has 2 working days to answer a consultation unless SUPPORT_REPLY_WORKING_DAYS says otherwise', () => {
    assert.equal(loadConfig({}).supportReplyWorkingDays, 2);
    assert.equal(loadConfig({ SUPPORT_REPLY_WORKING_DAYS: '5' }).supportReplyWorkingDays, 5);
    assert.throws(
      () => loadConfig({ SUPPORT_REPLY_WORKING_DAYS: '0' }),
      /SUPPORT_REPLY_WORKING_DAYS: expected a whole number of working days from 1 to 30/,
    );
  });

  it('ACT_TSA_URL and ACT_OCSP_URL name the trust services of the agency signature; OCSP only with a TSA', () => {
    assert.deepEqual(loadConfig({}).actTrustServices, {
      tsaUrl: undefined,
      ocspUrl: undefined,
      tsaTimeoutMs: 10_000,
      ocspTimeoutMs: 10_000,
    });
    assert.deepEqual(
      loadConfig({
        ACT_TSA_URL: 'http://tsa.example.lv/tsa',
        ACT_OCSP_URL: 'https://ocsp.example.lv/',
        ACT_TSA_TIMEOUT_MS: '2500',
      }).actTrustServices,
      {
        tsaUrl: 'http://tsa.example.lv/tsa',
        ocspUrl: 'https://ocsp.example.lv/',
        tsaTimeoutMs: 2500,
        ocspTimeoutMs: 10_000,
      },
    );
    assert.throws(
      () => loadConfig({ ACT_TSA_URL: 'ftp://tsa.example.lv', ACT_OCSP_TIMEOUT_MS: '5' }),
      (error: ConfigError) => {
        assert.equal(error.problems.length, 2);
        assert.match(error.message, /ACT_TSA_URL: expected the http\(s\) URL of an RFC 3161/);
        assert.match(error.message, /ACT_OCSP_TIMEOUT_MS: expected a number of milliseconds/);
        return true;
      },
    );
    assert.throws(
      () => loadConfig({ ACT_OCSP_URL: 'http://ocsp.example.lv/' }),
      /ACT_OCSP_URL: set it together with ACT_TSA_URL/,
    );
  });

  it('ACT_TRUST_LIST names trusted list files separated by commas; ACT_TRUST_LIST_SIGNERS their signers', () => {
    assert.deepEqual(loadConfig({}).trustLists, { files: [], signersFile: undefined });
    assert.deepEqual(
      loadConfig({
        ACT_TRUST_LIST: '/etc/pakalpe/eu-lotl.xml, /etc/pakalpe/lv-tl.xml,/etc/pakalpe/eu-lotl.xml',
        ACT_TRUST_LIST_SIGNERS: '/etc/pakalpe/tl-signers.pem',
      }).trustLists,
      {
        files: ['/etc/pakalpe/eu-lotl.xml', '/etc/pakalpe/lv-tl.xml'],
        signersFile: '/etc/pakalpe/tl-signers.pem',
      },
    );
    assert.throws(
      () => loadConfig({ ACT_TRUST_LIST: '/etc/pakalpe/lv-tl.xml,,/etc/pakalpe/ee-tl.xml' }),
      /ACT_TRUST_LIST: expected trusted list files separated by commas/,
    );
  });
});
