import type { Selectable } from 'kysely';
import { isUniqueViolation } from '../platform/db/errors.ts';
import type { UsersTable } from '../platform/db/schema.ts';
import { type Db, inTransaction, type Tx } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { recordAccountEvent } from './account-events.ts';
import type { Actor } from './actor.ts';
import { adminOnly, agencyOnly, isLocalOperator, type Principal, requireRole } from './permissions.ts';
import {
  type AgencyStaffView,
  type UserInput,
  type UserUpdate,
  type UserView,
  userInput,
} from './schemas.ts';
import { hashPassword } from './secrets.ts';

export function toUserView(row: Selectable<UsersTable>): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    institutionId: row.institution_id,
    locale: row.locale,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
  };
}

export async function createUser(db: Db, by: Principal, raw: UserInput): Promise<UserView> {
  requireRole(by, adminOnly);
  const input = userInput.parse(raw);
  const institutionId = input.institutionId ?? null;
  if (input.role === 'institution_member') {
    if (!institutionId) {
      throw new AppError('validation', {
        errors: [{ path: 'institutionId', message: 'An institution member belongs to an institution.' }],
      });
    }
  } else if (institutionId) {
    throw new AppError('validation', {
      errors: [{ path: 'institutionId', message: 'Agency users do not belong to an institution.' }],
    });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await inTransaction(db, async (trx) => {
      if (institutionId) {
        const institution = await trx
          .selectFrom('institutions')
          .select(['id', 'is_agency'])
          .where('id', '=', institutionId)
          .executeTakeFirst();
        if (!institution || institution.is_agency) {
          throw new AppError('validation', {
            errors: [{ path: 'institutionId', message: 'No such institution.' }],
          });
        }
      }
      const row = await trx
        .insertInto('users')
        .values({
          id: newId(),
          email: input.email,
          display_name: input.displayName,
          role: input.role,
          institution_id: institutionId,
          password_hash: passwordHash,
          locale: input.locale,
          created_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAccountEvent(trx, by, { type: 'user', id: row.id }, 'create', {
        email: row.email,
        role: row.role,
        institutionId,
      });
      return toUserView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', {
        detail: `A user with e-mail ${input.email} already exists.`,
        errors: [{ path: 'email', message: 'Already in use.', code: 'duplicate' }],
      });
    }
    throw error;
  }
}

/**
 * The agency must never be left without an active admin, and an admin cannot demote or deactivate
 * themselves by accident (another admin can).
 */
async function refuseAdminLockout(
  trx: Tx,
  by: Principal,
  current: Selectable<UsersTable>,
  input: UserUpdate,
): Promise<void> {
  const losesAdmin =
    current.role === 'agency_admin' &&
    current.is_active &&
    ((input.role !== undefined && input.role !== 'agency_admin') || input.isActive === false);
  if (!losesAdmin) return;
  if (!isLocalOperator(by) && by.id === current.id) {
    throw new AppError('conflict', {
      detail: 'You cannot remove your own admin rights or deactivate yourself; ask another admin.',
      extensions: { reason: 'self' },
    });
  }
  const { n } = await trx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'agency_admin')
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  if (n <= 1) {
    throw new AppError('conflict', {
      detail: 'This is the last active agency admin; make someone else an admin first.',
      extensions: { reason: 'last_admin' },
    });
  }
}

export async function updateUser(
  db: Db,
  by: Principal,
  userId: string,
  input: UserUpdate,
): Promise<UserView> {
  requireRole(by, adminOnly);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new AppError('not_found', { detail: 'No such user.' });
    if (input.role && (input.role === 'institution_member') !== (current.role === 'institution_member')) {
      throw new AppError('validation', {
        errors: [{ path: 'role', message: 'A user cannot move between the agency and an institution.' }],
      });
    }
    await refuseAdminLockout(trx, by, current, input);
    const row = await trx
      .updateTable('users')
      .set({
        ...(input.displayName !== undefined && { display_name: input.displayName }),
        ...(input.role !== undefined && { role: input.role }),
        ...(input.isActive !== undefined && { is_active: input.isActive }),
        ...(input.locale !== undefined && { locale: input.locale }),
        ...(passwordHash !== undefined && { password_hash: passwordHash }),
      })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A deactivated user or a changed password ends every open session.
    if (input.isActive === false || passwordHash) {
      await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    }
    const { password: _omit, ...visible } = input;
    await recordAccountEvent(trx, by, { type: 'user', id: userId }, 'update', {
      ...visible,
      ...(passwordHash && { passwordChanged: true }),
    });
    return toUserView(row);
  });
}

export async function listUsers(
  db: Db,
  by: Principal,
  filter: { institutionId?: string | undefined; role?: UserView['role'] | undefined },
): Promise<UserView[]> {
  requireRole(by, adminOnly);
  let query = db.selectFrom('users').selectAll().orderBy('email');
  if (filter.institutionId) query = query.where('institution_id', '=', filter.institutionId);
  if (filter.role) query = query.where('role', '=', filter.role);
  return (await query.execute()).map(toUserView);
}

/** What any signed-in user may change about themselves: today, the interface language. */
export async function updateOwnPreferences(
  db: Db,
  actor: Actor,
  input: { locale: 'lv' | 'en' },
): Promise<UserView> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ locale: input.locale })
      .where('id', '=', actor.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAccountEvent(trx, actor, { type: 'user', id: actor.id }, 'updatePreferences', input);
    return toUserView(row);
  });
}

/** Agency users, for choosing an assignee: any agency user may see who works at the agency. */
export async function listAgencyStaff(db: Db, actor: Actor): Promise<AgencyStaffView[]> {
  requireRole(actor, agencyOnly);
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'is_active'])
    .where('role', 'in', ['agency_reviewer', 'agency_admin'])
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    role: r.role as AgencyStaffView['role'],
    isActive: r.is_active,
  }));
}
