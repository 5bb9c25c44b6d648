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
