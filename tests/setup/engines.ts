/**
 * Which engine the db tests run on: PGlite always; PostgreSQL too when TEST_DATABASE_URL (or
 * DATABASE_URL) is set — CI runs `npm test` once per engine.
 */
export const TEST_SEED = { scale: 0.1, seed: 4242, now: new Date('2026-11-20T10:00:00+08:00') };

export function postgresUrl(): string | undefined {
	return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}

/**
 * The non-superuser role the app runs as on PostgreSQL (CI: jiedao_app), so row-level security
 * applies in the tests as in production. Unset = connect as TEST_DATABASE_URL's own user.
 */
export function appRole(): string | undefined {
	return process.env.TEST_DATABASE_APP_ROLE || undefined;
}

/** The same URL, logged in as the app role when one is configured. */
export function asAppRole(url: string): string {
	const role = appRole();
	if (!role) return url;
	const u = new URL(url);
	u.username = role;
	u.password = '';
	return u.toString();
}

/** CREATE DATABASE's OWNER clause for the app role (identifier checked, it is interpolated). */
export function ownerClause(): string {
	const role = appRole();
	if (!role) return '';
	if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`Bad TEST_DATABASE_APP_ROLE ${role}`);
	return ` OWNER ${role}`;
}
