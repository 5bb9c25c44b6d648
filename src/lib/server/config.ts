/**
 * The one place that reads the environment. Every variable is validated at start-up; a bad value
 * stops the process with a message naming the variable and what is wrong. Keep .env.example in
 * step with this schema.
 */
import { z } from 'zod';
import { ROLES } from '../domain/actor';

const bool = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
		.optional(),
	PGLITE_DATA_DIR: z.string().min(1).default('./data/pglite'),
	DB_STATEMENT_TIMEOUT_MS: intIn(100, 3_600_000).default(30_000),
	DB_POOL_MAX: intIn(1, 200).default(10),
	SEED_ON_EMPTY: bool.default(true),
	SEED_SCALE: z.coerce.number().positive().max(100).default(1),
	SEED: intIn(0, 2 ** 31 - 1).default(20260101),
	DEV_ACTOR_ROLE: z.enum(ROLES).default('admin'),
	DEV_ACTOR_SCOPE: z
		.string()
		.regex(/^(all|\d{12}(,\d{12})*)$/, "must be 'all' or comma-separated 12-digit subdistrict codes")
		.default('all'),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info')
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
	constructor(issues: string[]) {
		super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Parse and validate a set of environment variables (defaults to process.env). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	// Empty strings mean "unset", as in most .env tooling.
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const result = schema.safeParse(cleaned);
	if (!result.success) {
		throw new ConfigError(
			result.error.issues.map((i) => {
				const name = i.path.join('.');
				return `${name}=${JSON.stringify(cleaned[name] ?? '')}: ${i.message}`;
			})
		);
	}
	return result.data;
}
