/**
 * A small structured logger (one JSON line per event). Never pass personal data: log ids and
 * codes, not names, phone numbers or addresses.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info';

export function setLogLevel(level: Level) {
	threshold = level;
}

/**
 * Keys whose values are personal data or secrets: replaced by '[redacted]' at any depth, so a
 * careless `log.info('x', { user })` cannot leak. Ids, codes and counts pass.
 */
const SENSITIVE =
	/^(name|display_?name|head_?name|full_?name|real_?name|phone|mobile|tel|email|e_?mail|address|addr|password|passwd|pwd|new_?password|password_?hash|token|session|session_?token|cookie|set-cookie|authorization|secret|api_?key|key|id_?card|contact)$/i;

export const REDACTED = '[redacted]';

/** A copy of a value with sensitive keys redacted (depth-limited; cycles cut). */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
	if (value === null || typeof value !== 'object') return value;
	if (value instanceof Date) return value;
	if (depth > 6 || seen.has(value)) return '[…]';
	seen.add(value);
	if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
	if (value instanceof Error) return { name: value.name, message: value.message };
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) {
		out[k] =
			SENSITIVE.test(k) && v !== null && v !== undefined ? REDACTED : redact(v, depth + 1, seen);
	}
	return out;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
	if (order[level] < order[threshold]) return;
	const safe = fields ? (redact(fields) as Record<string, unknown>) : undefined;
	const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...safe });
	if (level === 'error' || level === 'warn') process.stderr.write(line + '\n');
	else process.stdout.write(line + '\n');
}

export const log = {
	debug: (msg: string, f?: Record<string, unknown>) => write('debug', msg, f),
	info: (msg: string, f?: Record<string, unknown>) => write('info', msg, f),
	warn: (msg: string, f?: Record<string, unknown>) => write('warn', msg, f),
	error: (msg: string, f?: Record<string, unknown>) => write('error', msg, f)
};
