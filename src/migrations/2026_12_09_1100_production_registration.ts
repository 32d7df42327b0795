import { type Kysely, sql } from 'kysely';

// What the reviewer states at step 4: the production endpoint, who hosts it and the production
// version (the production catalog entry gets the endpoint and hosting; the version and the
// confirmation that the endpoint is the test one stay with the request), and at installation the URL
// at which the production endpoint answered. The server never calls these URLs.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE requests
      ADD COLUMN production_endpoint_url text CHECK (length(production_endpoint_url) <= 2000),
      ADD COLUMN production_hosting text CHECK (production_hosting IN ('agency', 'institution')),
      ADD COLUMN production_version text CHECK (length(production_version) <= 50),
      ADD COLUMN production_registered_at timestamptz,
      ADD COLUMN installation_check_url text CHECK (length(installation_check_url) <= 2000),
      ADD COLUMN installation_confirmed_at timestamptz
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE requests
      DROP COLUMN production_endpoint_url,
      DROP COLUMN production_hosting,
      DROP COLUMN production_version,
      DROP COLUMN production_registered_at,
      DROP COLUMN installation_check_url,
      DROP COLUMN installation_confirmed_at
  `.execute(db);
}
