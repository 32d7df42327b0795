import { type Kysely, sql } from 'kysely';
import { makeAppendOnly } from './append-only.ts';

// The support mailbox (inbound SMTP). A received message is written first, raw and whole, in a
// transaction of its own (status `received`): from then on it cannot be lost, whatever parsing or
// routing does. Routing then moves it to `delivered` (it became a thread message or a consultation)
// or `quarantined` (with a reason code), and an agency user moves a quarantined one to `released`
// or `rejected`. Every move is a row in the append-only inbound_mail_events.
//
// Also: outbound mail remembers what a reply to it should reach (reply_kind/reply_target_id; the
// transport turns that into a signed Reply-To address), and an admin's retry of a failed outbox
// message joins an append-only outbox_message_events history (who, when, why).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE inbound_mails (
      id uuid PRIMARY KEY,
      received_at timestamptz NOT NULL,
      envelope_from text,
      envelope_to jsonb NOT NULL,
      remote_address text NOT NULL,
      from_address text,
      from_header text,
      subject text,
      message_id text,
      size_bytes integer NOT NULL CHECK (size_bytes >= 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      raw bytea NOT NULL,
      text_body text,
      html_body text,
      status text NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'delivered', 'quarantined', 'released', 'rejected')),
      reason text,
      reason_detail text,
      token_kind text CHECK (token_kind IN ('request', 'consultation')),
      token_target_id uuid,
      sender_user_id uuid REFERENCES users (id),
      routed_kind text CHECK (routed_kind IN ('request_message', 'consultation', 'consultation_message')),
      routed_id uuid,
      routed_target_id uuid,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL,
      CHECK ((status IN ('delivered', 'released')) = (routed_kind IS NOT NULL))
    )
  `.execute(db);
  // The received bytes are the evidence: once written they never change.
  await sql`
    CREATE FUNCTION pakalpe_inbound_raw_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.raw IS DISTINCT FROM OLD.raw OR NEW.sha256 IS DISTINCT FROM OLD.sha256 THEN
        RAISE EXCEPTION 'inbound_mails.raw is immutable' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$
  `.execute(db);
  await sql`
    CREATE TRIGGER inbound_mails_raw_immutable BEFORE UPDATE ON inbound_mails
    FOR EACH ROW EXECUTE FUNCTION pakalpe_inbound_raw_immutable()
  `.execute(db);
  await sql`
    CREATE TRIGGER inbound_mails_no_delete BEFORE DELETE ON inbound_mails
    FOR EACH ROW EXECUTE FUNCTION pakalpe_forbid_change()
  `.execute(db);
  // The quarantine screen: by status (and reason), newest first.
  await sql`CREATE INDEX inbound_mails_by_status ON inbound_mails (status, received_at DESC)`.execute(db);
  // Start-up recovery: mail still `received` (stored, not yet routed).
  await sql`CREATE INDEX inbound_mails_unrouted ON inbound_mails (received_at) WHERE status = 'received'`.execute(
    db,
  );

  await sql`
    CREATE TABLE inbound_mail_attachments (
      id uuid PRIMARY KEY,
      inbound_mail_id uuid NOT NULL REFERENCES inbound_mails (id),
      position integer NOT NULL,
      filename text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL CHECK (size_bytes >= 0),
      sha256 text NOT NULL,
      is_allowed boolean NOT NULL,
      content bytea NOT NULL,
      UNIQUE (inbound_mail_id, position)
    )
  `.execute(db);
  await makeAppendOnly(db, 'inbound_mail_attachments');

  await sql`
    CREATE TABLE inbound_mail_events (
      id uuid PRIMARY KEY,
      inbound_mail_id uuid NOT NULL REFERENCES inbound_mails (id),
      actor_id uuid REFERENCES users (id),
      action text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      reason text,
      comment text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX inbound_mail_events_by_mail ON inbound_mail_events (inbound_mail_id, created_at)`.execute(
    db,
  );
  await makeAppendOnly(db, 'inbound_mail_events');

  await sql`
    ALTER TABLE outbox_messages
      ADD COLUMN reply_kind text CHECK (reply_kind IN ('request', 'consultation')),
      ADD COLUMN reply_target_id uuid,
      ADD CHECK ((reply_kind IS NULL) = (reply_target_id IS NULL))
  `.execute(db);

  await sql`
    CREATE TABLE outbox_message_events (
      id uuid PRIMARY KEY,
      -- No foreign key: the history outlives a purge of delivered outbox rows.
      outbox_message_id uuid NOT NULL,
      actor_id uuid REFERENCES users (id),
      action text NOT NULL,
      reason text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX outbox_message_events_by_message ON outbox_message_events (outbox_message_id, created_at)`.execute(
    db,
  );
  await makeAppendOnly(db, 'outbox_message_events');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE outbox_message_events`.execute(db);
  await sql`ALTER TABLE outbox_messages DROP COLUMN reply_target_id, DROP COLUMN reply_kind`.execute(db);
  await sql`DROP TABLE inbound_mail_events`.execute(db);
  await sql`DROP TABLE inbound_mail_attachments`.execute(db);
  await sql`DROP TABLE inbound_mails`.execute(db);
  await sql`DROP FUNCTION pakalpe_inbound_raw_immutable()`.execute(db);
}
