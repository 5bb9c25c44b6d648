/** Start-up checks and the first admin account. */
import type { Config } from '../config';
import type { Db } from '../db';
import { log } from '../log';
import { sql } from '../sql';
import { SYSTEM_ACTOR } from './demo-users';
import { createUser, UserInputError } from './users';

export const SUPERUSER_HELP =
	'The app must not connect to PostgreSQL as a superuser or a role with BYPASSRLS: row-level ' +
	'security, the second wall around personal data, does not apply to such roles. Create a ' +
	'login role (CREATE ROLE jiedao_app LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD …), make it the ' +
	'owner of the database (CREATE DATABASE jiedao OWNER jiedao_app), run CREATE EXTENSION ' +
	'postgis in it once as a superuser, and put that role in DATABASE_URL. For local development ' +
	'only, DB_ALLOW_SUPERUSER=true skips this check.';

/**
 * On PostgreSQL: refuse a superuser or BYPASSRLS role unless DB_ALLOW_SUPERUSER=true (then warn
 * loudly). PGlite always runs as a superuser; there the service checks are the only wall.
 */
export async function assertSafeDbRole(
	db: Db,
	config: Pick<Config, 'DB_ALLOW_SUPERUSER'>
): Promise<void> {
	if (db.engine !== 'postgres') return;
	const [r] = await db.query<{ role: string; superuser: boolean; bypassRls: boolean }>(
		sql('auth/db_role')
	);
	if (!r || (!r.superuser && !r.bypassRls)) return;
	if (config.DB_ALLOW_SUPERUSER) {
		log.warn(
			'!!! DB_ALLOW_SUPERUSER=true: connected as a role that bypasses row-level security; ' +
				'personal data is protected by the application checks only. Never in production. !!!',
			{ dbRole: r.role }
		);
		return;
	}
	throw new Error(
		`Refusing to start: PostgreSQL role "${r.role}" is a superuser or has BYPASSRLS. ${SUPERUSER_HELP}`
	);
}

/** ADMIN_USERNAME / ADMIN_PASSWORD: create that admin when no enabled admin exists yet. */
export async function ensureFirstAdmin(
	db: Db,
	config: Pick<Config, 'ADMIN_USERNAME' | 'ADMIN_PASSWORD'>
): Promise<boolean> {
	if (!config.ADMIN_USERNAME || !config.ADMIN_PASSWORD) return false;
	const [{ n }] = (await db.query<{ n: number }>(sql('auth/admin_count'))) as [{ n: number }];
	if (n > 0) return false;
	try {
		await createUser(db, SYSTEM_ACTOR, {
			username: config.ADMIN_USERNAME,
			displayName: config.ADMIN_USERNAME,
			password: config.ADMIN_PASSWORD,
			role: 'admin',
			scope: 'all'
		});
	} catch (e) {
		if (e instanceof UserInputError) {
			log.warn('ADMIN_USERNAME not created: ' + e.message);
			return false;
		}
		throw e;
	}
	log.info('first admin created from ADMIN_USERNAME');
	return true;
}
