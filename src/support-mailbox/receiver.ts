import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { supportAddressTag } from '../mail/index.ts';
import type { Db } from '../platform/db/transaction.ts';
import { type MailboxDeps, routePendingMail, routeReceivedMail, storeReceivedMail } from './inbound-mail.ts';
import { createRateLimiter } from './rate-limit.ts';

// The SMTP listener of the support address (smtp-server). It refuses what it will not keep at the
// SMTP level, so the sending server bounces it to its author (never silent): other recipients (550),
// a message over the size limit (552), a sender or client over the rate limit (451, try later).
// What it accepts is stored raw before the 250 answer, then routed in the background, one at a time.

export type MailboxLog = {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
};

export type SupportMailboxOptions = MailboxDeps & {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  maxMessageBytes: number;
  rateLimitPerHour: number;
  log: MailboxLog;
  /** The clock of the rate limit (tests hand their own). */
  now?: () => number;
};

export type SupportMailbox = {
  port: number;
  /** Resolves once every accepted mail so far has been routed. */
  idle(): Promise<void>;
  close(): Promise<void>;
};

type SmtpError = Error & { responseCode: number };
function smtpError(code: number, message: string): SmtpError {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * Routes mail left `received` by an earlier run, then listens. Closing stops accepting, lets the
 * routing in progress finish, and leaves anything unrouted for the next start.
 */
export async function startSupportMailbox(db: Db, options: SupportMailboxOptions): Promise<SupportMailbox> {
  const { log } = options;
  const now = options.now ?? Date.now;
  const recovered = await routePendingMail(db, options);
  if (recovered > 0)
    log.info({ count: recovered }, 'support mailbox: routed mail left unrouted by the last run');

  const limiter = createRateLimiter(options.rateLimitPerHour, 60 * 60_000);
  let queue: Promise<void> = Promise.resolve();
  const route = (id: string) => {
    queue = queue.then(async () => {
      try {
        const outcome = await routeReceivedMail(db, options, id);
        log.info({ inboundMailId: id, ...outcome }, 'support mailbox: mail routed');
      } catch (error) {
        // The mail stays `received`; the next start routes it.
        log.error(
          { err: error, inboundMailId: id },
          'support mailbox: routing failed; retried at next start',
        );
      }
    });
  };

  const server = new SMTPServer({
    name: options.supportAddress.split('@')[1] ?? 'localhost',
    banner: 'Pakalpe support mailbox',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxMessageBytes,
    logger: false,
    onMailFrom(address, session, callback) {
      const sender = address.address.toLowerCase();
      const client = session.remoteAddress;
      const keys = [`ip:${client}`, ...(sender ? [`from:${sender}`] : [])];
      if (!limiter.tryAcquire(keys, now())) {
        log.warn({ sender, client }, 'support mailbox: rate limit reached; refused with 451');
        callback(smtpError(451, '4.7.1 Too many messages; try again later'));
        return;
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (supportAddressTag(options.supportAddress, address.address) === null) {
        callback(smtpError(550, '5.1.1 No such mailbox here'));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          log.warn(
            { client: session.remoteAddress },
            'support mailbox: message over the size limit; refused with 552',
          );
          callback(
            smtpError(552, `5.3.4 Message exceeds the fixed limit of ${options.maxMessageBytes} bytes`),
          );
          return;
        }
        storeReceivedMail(db, envelopeOf(session, Buffer.concat(chunks)))
          .then((id) => {
            callback(null, `2.0.0 Stored as ${id}`);
            route(id);
          })
          .catch((error: unknown) => {
            log.error({ err: error }, 'support mailbox: could not store a message; refused with 451');
            callback(smtpError(451, '4.3.0 Could not store the message; try again later'));
          });
      });
    },
  });
  server.on('error', (error) => log.error({ err: error }, 'support mailbox: SMTP error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info({ host: options.host, port }, 'support mailbox listening');
  return {
    port,
    idle: async () => {
      let seen: Promise<void>;
      do {
        seen = queue;
        await seen;
      } while (seen !== queue);
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue;
    },
  };
}

function envelopeOf(session: SMTPServerSession, raw: Buffer) {
  const from = session.envelope.mailFrom;
  return {
    envelopeFrom: from ? from.address.toLowerCase() || null : null,
    envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
    remoteAddress: session.remoteAddress,
    raw,
  };
}
