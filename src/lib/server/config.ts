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
	// The end of the demo's history (ISO 8601); unset = now. Fixing it makes the demo's content
	// independent of the hour it is generated in (reproducible demos and browser tests).
	SEED_NOW: z.iso
		.datetime({ offset: true })
		.transform((v) => new Date(v))
		.optional(),
	// Unset (the default): signed-out visitors are anonymous. Set: they act as this role (local
	// development only; refused when NODE_ENV=production).
	DEV_ACTOR_ROLE: z.enum(ROLES).optional(),
	DEV_ACTOR_SCOPE: z
		.string()
		.regex(
			/^(all|\d{12}(,\d{12})*)$/,
			"must be 'all' or comma-separated 12-digit subdistrict codes"
		)
		.default('all'),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
	NODE_ENV: z.string().optional(),
	// Accounts and sessions (issue 7).
	SESSION_IDLE_MINUTES: intIn(1, 24 * 60).default(30),
	SESSION_ABSOLUTE_HOURS: intIn(1, 24 * 30).default(12),
	LOGIN_WINDOW_MINUTES: intIn(1, 24 * 60).default(15),
	LOGIN_SLOW_AFTER: intIn(1, 1000).default(3),
	LOGIN_DELAY_MS: intIn(0, 10_000).default(500),
	LOGIN_MAX_FAILURES_ACCOUNT: intIn(1, 10_000).default(10),
	LOGIN_MAX_FAILURES_CLIENT: intIn(1, 100_000).default(50),
	TRUSTED_PROXY: z
		.string()
		.regex(/^[0-9a-fA-F.:]+(,[0-9a-fA-F.:]+)*$/, 'must be comma-separated IP addresses')
		.optional(),
	RATE_LIMIT_PUBLIC_PER_MINUTE: intIn(0, 1_000_000).default(600),
	/** Anonymous reports (/report, with photos) per minute per client; 0 = unlimited. */
	RATE_LIMIT_REPORTS_PER_MINUTE: intIn(0, 100_000).default(6),
	JSON_BODY_LIMIT_BYTES: intIn(1024, 100 * 1024 * 1024).default(1024 * 1024),
	ADMIN_USERNAME: z
		.string()
		.regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be 2-64 of a-z 0-9 . _ - (lower case)')
		.optional(),
	ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(1024).optional(),
	DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(1024).optional(),
	INGEST_DEMO_KEY: z
		.string()
		.regex(/^[\x21-\x7e]{16,256}$/, 'must be 16-256 printable ASCII characters, no spaces')
		.optional(),
	DB_ALLOW_SUPERUSER: bool.default(false),
	// Registered as an Open311 API key on the first seed (demo only; production has no default key).
	OPEN311_DEMO_KEY: z
		.string()
		.regex(/^[\x21-\x7e]{16,256}$/, 'must be 16-256 printable ASCII characters, no spaces')
		.optional(),
	// Sensors (issue 6): the MQTT subscriber runs only when MQTT_URL is set.
	MQTT_URL: z
		.string()
		.regex(/^(mqtts?|wss?):\/\/[^\s]+$/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL')
		.optional(),
	MQTT_CLIENT_ID: z
		.string()
		.regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 . _ -')
		.default('jiedao-ingest'),
	MQTT_TOPIC_PREFIX: z
		.string()
		.regex(/^([A-Za-z0-9._-]+\/)*$/, "must be empty or segments ending in '/' (e.g. 'site-a/')")
		.default(''),
	// Seconds between sweeps for silent sensors; 0 (default) = off.
	SENSOR_SWEEP_SECONDS: intIn(0, 86_400).default(0)
});

/** Cross-field rules: refused combinations, with the variable named. */
const checked = schema.superRefine((c, ctx) => {
	if (c.DEV_ACTOR_ROLE && c.NODE_ENV === 'production') {
		ctx.addIssue({
			code: 'custom',
			path: ['DEV_ACTOR_ROLE'],
			message:
				'must not be set when NODE_ENV=production (it lets anonymous visitors act as that role)'
		});
	}
	if (Boolean(c.ADMIN_USERNAME) !== Boolean(c.ADMIN_PASSWORD)) {
		ctx.addIssue({
			code: 'custom',
			path: [c.ADMIN_USERNAME ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME'],
			message: 'ADMIN_USERNAME and ADMIN_PASSWORD go together'
		});
	}
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
	constructor(issues: string[]) {
		super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** A bad value as the error message shows it: secrets hidden, URL passwords masked. */
function shown(name: string, value: string): string {
	if (/PASSWORD|SECRET|TOKEN/.test(name)) return '(hidden)';
	return JSON.stringify(value.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@'));
}

/** Parse and validate a set of environment variables (defaults to process.env). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	// Empty strings mean "unset", as in most .env tooling.
	const cleaned = Object.fromEntries(
		Object.entries(env).filter(([, v]) => v !== undefined && v !== '')
	);
	const result = checked.safeParse(cleaned);
	if (!result.success) {
		throw new ConfigError(
			result.error.issues.map((i) => {
				const name = i.path.join('.');
				return `${name}=${shown(name, cleaned[name] ?? '')}: ${i.message}`;
			})
		);
	}
	return result.data;
}
