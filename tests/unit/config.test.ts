import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/lib/server/config';

describe('config', () => {
	it('has working defaults: embedded PGlite under ./data/pglite', () => {
		const c = loadConfig({});
		expect(c.DATABASE_URL).toBeUndefined();
		expect(c.PGLITE_DATA_DIR).toBe('./data/pglite');
		expect(c.DB_STATEMENT_TIMEOUT_MS).toBe(30_000);
		expect(c.SEED_ON_EMPTY).toBe(true);
		expect(c.DEV_ACTOR_SCOPE).toBe('all');
	});

	it('parses and coerces good values', () => {
		const c = loadConfig({
			DATABASE_URL: 'postgres://u@h:5432/db',
			DB_STATEMENT_TIMEOUT_MS: '5000',
			SEED_ON_EMPTY: 'false',
			DEV_ACTOR_ROLE: 'leader',
			DEV_ACTOR_SCOPE: '370102001000,370102002000'
		});
		expect(c).toMatchObject({
			DATABASE_URL: 'postgres://u@h:5432/db',
			DB_STATEMENT_TIMEOUT_MS: 5000,
			SEED_ON_EMPTY: false,
			DEV_ACTOR_ROLE: 'leader',
			DEV_ACTOR_SCOPE: '370102001000,370102002000'
		});
	});

	it.each([
		['DATABASE_URL', 'mysql://x', /DATABASE_URL="mysql:\/\/x": must be a postgres/],
		['DB_STATEMENT_TIMEOUT_MS', 'soon', /DB_STATEMENT_TIMEOUT_MS="soon"/],
		['DB_STATEMENT_TIMEOUT_MS', '5', /DB_STATEMENT_TIMEOUT_MS="5"/],
		['SEED_ON_EMPTY', 'maybe', /SEED_ON_EMPTY="maybe"/],
		['DEV_ACTOR_ROLE', 'king', /DEV_ACTOR_ROLE="king"/],
		['DEV_ACTOR_SCOPE', '12345', /DEV_ACTOR_SCOPE="12345": must be 'all' or comma-separated/],
		['LOG_LEVEL', 'loud', /LOG_LEVEL="loud"/]
	])('rejects %s=%s with a message naming the variable', (name, value, message) => {
		expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
		expect(() => loadConfig({ [name]: value })).toThrow(message);
	});

	it('parses SEED_NOW as an instant and rejects a time without an offset', () => {
		expect(loadConfig({ SEED_NOW: '2026-11-20T10:00:00+08:00' }).SEED_NOW).toEqual(
			new Date('2026-11-20T02:00:00Z')
		);
		expect(() => loadConfig({ SEED_NOW: '2026-11-20 10:00' })).toThrow(/SEED_NOW=/);
	});

	it('treats empty strings as unset', () => {
		expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
	});
});
