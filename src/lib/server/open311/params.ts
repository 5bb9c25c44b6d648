/**
 * Open311 request parameters: the query of GET requests and the form (or JSON) of POST requests,
 * validated with zod. Every refusal is an {@link Open311Error} 400 naming the spec's parameter.
 * Pure: no database (service codes are checked against the database by the service).
 */
import { z, type ZodError } from 'zod';
import { Open311Error } from './format';

/** Our case numbers (incident.number): 'LX' + 8 digits. */
export const REQUEST_ID = /^LX[0-9]{8}$/;
/** Tokens handed out by POST requests (base64url of 18 random bytes = 24 characters). */
export const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
/** A subcategory code (service_code). */
export const SERVICE_CODE = /^[12][0-9]{4}$/;
/** The longest reporting window GET requests accepts (the spec's 90 days). */
export const MAX_WINDOW_MS = 90 * 24 * 3600 * 1000;
/** The most requests one GET requests returns (the spec's default of 1000). */
export const MAX_REQUESTS = 1000;
/** The most service_request_ids one GET requests takes. */
export const MAX_IDS = 100;

/** ISO 8601 date-time with a zone (Z or ±hh:mm), as the spec demands. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

const isoDate = z
	.string()
	.regex(ISO, 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-01T00:00:00+08:00')
	.transform((s, ctx) => {
		const ms = Date.parse(s);
		if (!Number.isFinite(ms)) {
			ctx.addIssue({ code: 'custom', message: 'is not a valid date-time' });
			return z.NEVER;
		}
		return new Date(ms);
	});

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const locale = z.enum(['zh-CN', 'en']).default('zh-CN');
/** Accepted and ignored: we serve one jurisdiction. */
const jurisdiction = z.string().trim().max(100).optional();

const degrees = (min: number, max: number) =>
	z
		.string()
		.trim()
		.regex(DECIMAL, 'must be a decimal number')
		.transform(Number)
		.pipe(z.number().finite().min(min, `must be ≥ ${min}`).max(max, `must be ≤ ${max}`));

/** The first issue of a zod error as the spec's 400, naming the parameter. */
export function paramError(e: ZodError): Open311Error {
	const issue = e.issues[0];
	if (!issue) return new Open311Error(400, 'Invalid parameters');
	if (issue.code === 'unrecognized_keys') {
		return new Open311Error(400, `${issue.keys.join(', ')}: unknown parameter`);
	}
	const name = issue.path.map(String).join('.');
	return new Open311Error(400, name ? `${name}: ${issue.message}` : issue.message);
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const r = schema.safeParse(input);
	if (!r.success) throw paramError(r.error);
	return r.data;
}

/** Repeated query keys: the last one counts (URLSearchParams → plain object). */
export function queryObject(q: URLSearchParams): Record<string, string> {
	return Object.fromEntries(q.entries());
}

// ------------------------------------------------------------------------------------------------
// GET services, GET services/{code}

export const servicesQuerySchema = z.strictObject({ jurisdiction_id: jurisdiction, locale });

/** The query of GET services and service definitions: an optional locale (zh-CN first). */
export function parseServicesQuery(
	q: Record<string, string>
): z.output<typeof servicesQuerySchema> {
	return parseWith(servicesQuerySchema, q);
}

// ------------------------------------------------------------------------------------------------
// GET requests/{id}

export const requestQuerySchema = z.strictObject({
	extensions: bool.default(false),
	jurisdiction_id: jurisdiction,
	locale
});

/** The query of GET requests/{id}: extensions=true|false and an optional locale. */
export function parseRequestQuery(q: Record<string, string>): z.output<typeof requestQuerySchema> {
	return parseWith(requestQuerySchema, q);
}

// ------------------------------------------------------------------------------------------------
// GET requests

export type OpenClosed = 'open' | 'closed';

export const requestsQuerySchema = z.strictObject({
	service_request_id: z
		.string()
		.transform((s) => s.split(',').map((x) => x.trim()))
		.pipe(
			z
				.array(z.string().regex(REQUEST_ID, 'each must be a case number such as LX00000123'))
				.min(1)
				.max(MAX_IDS, `at most ${MAX_IDS} ids`)
		)
		.optional(),
	service_code: z.string().regex(SERVICE_CODE, 'must be a 5-digit service code').optional(),
	start_date: isoDate.optional(),
	end_date: isoDate.optional(),
	status: z
		.string()
		.transform((s) => s.split(',').map((x) => x.trim()))
		.pipe(z.array(z.enum(['open', 'closed'], "must be 'open' or 'closed'")).min(1))
		.optional(),
	extensions: bool.default(false),
	jurisdiction_id: jurisdiction,
	locale
});

/** GET requests, validated: either ids, or filters with a window of at most 90 days. */
export type RequestsQuery =
	| { kind: 'ids'; ids: string[]; extensions: boolean; locale: 'zh-CN' | 'en' }
	| {
			kind: 'filter';
			serviceCode: string | null;
			start: Date;
			end: Date;
			status: OpenClosed[] | null;
			extensions: boolean;
			locale: 'zh-CN' | 'en';
	  };

/**
 * The query of GET requests. service_request_id, when given, overrides every other filter (as
 * the spec says). Otherwise the window is start_date … end_date: end_date defaults to now,
 * start_date to 90 days before end_date; a window longer than 90 days or reversed is refused.
 *
 * @param q - the query parameters
 * @param now - the clock
 * @returns the validated query
 * @throws Open311Error 400 naming the parameter
 * @example
 * parseRequestsQuery({ status: 'open' }, new Date()); // { kind: 'filter', … last 90 days }
 */
export function parseRequestsQuery(q: Record<string, string>, now: Date): RequestsQuery {
	const p = parseWith(requestsQuerySchema, q);
	if (p.service_request_id) {
		return {
			kind: 'ids',
			ids: [...new Set(p.service_request_id)],
			extensions: p.extensions,
			locale: p.locale
		};
	}
	const end = p.end_date ?? (p.start_date ? new Date(p.start_date.getTime() + MAX_WINDOW_MS) : now);
	const start = p.start_date ?? new Date(end.getTime() - MAX_WINDOW_MS);
	if (start.getTime() > end.getTime()) {
		throw new Open311Error(400, 'start_date: must not be after end_date');
	}
	if (end.getTime() - start.getTime() > MAX_WINDOW_MS) {
		throw new Open311Error(400, 'start_date/end_date: the window may span at most 90 days');
	}
	const status = p.status ? [...new Set(p.status)] : null;
	return {
		kind: 'filter',
		serviceCode: p.service_code ?? null,
		start,
		end,
		// both = no filter
		status: status && status.length < 2 ? status : null,
		extensions: p.extensions,
		locale: p.locale
	};
}

// ------------------------------------------------------------------------------------------------
// POST requests

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const postSchema = z.strictObject({
	api_key: z.string().optional(),
	jurisdiction_id: jurisdiction,
	service_code: z.string({ error: 'is required' }).regex(SERVICE_CODE, 'must be a 5-digit code'),
	lat: degrees(-90, 90).optional(),
	long: degrees(-180, 180).optional(),
	address_string: text(200).optional(),
	address_id: text(100).optional(),
	email: text(200).optional(),
	device_id: text(200).optional(),
	account_id: text(200).optional(),
	first_name: text(50).optional(),
	last_name: text(50).optional(),
	phone: text(40).optional(),
	description: text(4000).optional(),
	media_url: z
		.string()
		.trim()
		.max(2000, 'must be at most 2000 characters')
		.regex(/^https?:\/\/[^\s]+$/i, 'must be an http(s) URL')
		.optional(),
	locale,
	attribute: z.record(z.string(), z.array(z.string().trim().max(200))).default({})
});
export type PostParams = z.output<typeof postSchema>;

const ATTRIBUTE_KEY = /^attribute\[([A-Za-z0-9_]{1,64})\](\[\])?$/;

/**
 * POST requests parameters from a form (or a flat JSON object): `attribute[code]` fields (and
 * `attribute[code][]` for lists) are gathered under `attribute`; an empty field counts as absent.
 *
 * @param fields - name/value pairs in order (a value may repeat)
 * @returns the validated parameters
 * @throws Open311Error 400 naming the parameter
 * @example
 * parsePostParams([['service_code', '20101'], ['lat', '36.66'], ['long', '117.05']]);
 */
export function parsePostParams(fields: Iterable<[string, string]>): PostParams {
	const flat: Record<string, unknown> = {};
	const attribute: Record<string, string[]> = {};
	for (const [k, v] of fields) {
		if (k.startsWith('attribute')) {
			const m = ATTRIBUTE_KEY.exec(k);
			if (!m) throw new Open311Error(400, `${k.slice(0, 80)}: malformed attribute parameter`);
			(attribute[m[1]!] ??= []).push(v);
			continue;
		}
		if (v.trim() === '') continue;
		if (k in flat) throw new Open311Error(400, `${k.slice(0, 80)}: given more than once`);
		flat[k] = v;
	}
	return parseWith(postSchema, { ...flat, attribute });
}

/**
 * The fields of a JSON POST body: a flat object of strings or numbers (`attribute` may also be
 * an object of code → value or values).
 *
 * @param body - the parsed JSON
 * @returns name/value pairs for {@link parsePostParams}
 * @throws Open311Error 400 when the body is not such an object
 * @example
 * jsonFields({ service_code: '20101', lat: 36.66, long: 117.05 });
 */
export function jsonFields(body: unknown): [string, string][] {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new Open311Error(400, 'The body must be an object of parameters');
	}
	const out: [string, string][] = [];
	const scalar = (k: string, v: unknown): string => {
		if (typeof v === 'string') return v;
		if (typeof v === 'number' && Number.isFinite(v)) return String(v);
		throw new Open311Error(400, `${k.slice(0, 80)}: must be a string or a number`);
	};
	for (const [k, v] of Object.entries(body)) {
		if (k === 'attribute' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
			for (const [code, val] of Object.entries(v)) {
				for (const x of [val].flat()) out.push([`attribute[${code}]`, scalar(code, x)]);
			}
		} else out.push([k, scalar(k, v)]);
	}
	return out;
}
