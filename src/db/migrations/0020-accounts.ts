import type { Kysely } from 'kysely';

// Accounts that cannot be locked out by strangers, reset by a one-time link, and optionally guarded by TOTP:
// - `login_throttle`: failed sign-ins counted per (e-mail, client address) pair, with the time before which the
//   next attempt of that pair is refused — a growing delay instead of the former per-account lock, so guesses from
//   one address never slow down the real editor at another (decision 0200);
// - `password_resets`: one-time links an admin issues; only the SHA-256 of the link's secret is stored;
// - `users.totp_*`: the admins' optional second factor (base32 secret; the pending one while enrolling; the last
//   time step used, so a code cannot be replayed).
// `users.failed_logins` / `locked_until` stay (old rows, the API's `lockedUntil`) but no longer lock anybody.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('next_allowed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_throttle_pk', ['email', 'ip'])
    .execute();
  await db.schema.createIndex('login_throttle_updated_idx').on('login_throttle').column('updated_at').execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute();

  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
  await db.schema.alterTable('users').dropColumn('totp_pending_secret').execute();
  await db.schema.alterTable('users').dropColumn('totp_secret').execute();
  await db.schema.dropTable('password_resets').execute();
  await db.schema.dropTable('login_throttle').execute();
}
