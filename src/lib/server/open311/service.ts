/**
 * Open311 GeoReport v2 on top of the case service (issue 5 §7): discovery, services (our
 * subcategories, grouped by major class), service definitions, POST requests (an API key; the
 * case is created at once by createIncident, so a request id and a token come back together),
 * GET requests / requests/{id} (public fields only, as the tracking page: no description,
 * address, contact, department or photos; the location snapped by publicLocation) and tokens.
 */
import { randomBytes } from 'node:crypto';
import { ANONYMOUS, type Actor } from '../../domain/actor';
import { DEFAULT_CALENDAR } from '../../domain/calendar';
import { CASE_STATES, TERMINAL_STATES, type CaseState, type SlaStage } from '../../domain/cases';
import { categoryByCode, stageLimit } from '../../domain/categories';
import { publicLocation } from '../../domain/permissions';
import { urgency, type UrgencyTier } from '../../domain/sla';
import type { Db, Queryable, Row } from '../db';
import { DbError } from '../db';
import { createIncident, type CreatedIncident } from '../incidents/service';
import { keyHash } from '../sensors/ingest';
import { sql } from '../sql';
import { publicStage, type PublicStage } from '../tracking/service';
import { Open311Error } from './format';
import {
	MAX_REQUESTS,
	REQUEST_ID,
	TOKEN,
	type OpenClosed,
	type PostParams,
	type RequestsQuery
} from './params';

export type Locale = 'zh-CN' | 'en';

/** When this API's shape last changed (the discovery document's changeset). */
export const CHANGESET = '2026-11-23T00:00:00Z';
export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/** Who files a case that came through Open311: an anonymous reporter (the resident's channel). */
export const OPEN311_ACTOR: Actor = Object.freeze({ ...ANONYMOUS, username: 'open311' });

async function run<T extends Row = Row>(
	db: Queryable,
	attempt: string,
	name: string,
	params: readonly unknown[]
): Promise<T[]> {
	try {
		return await db.query<T>(sql(`open311/${name}`), params);
	} catch (e) {
		throw e instanceof DbError ? e : new DbError(attempt, e);
	}
}

const iso = (v: unknown): string | null =>
	v === null || v === undefined ? null : new Date(v as string | Date).toISOString();

// ------------------------------------------------------------------------------------------------
// Discovery

export interface Discovery {
	changeset: string;
	contact: string;
	key_service: string;
	endpoints: {
		specification: string;
		url: string;
		changeset: string;
		type: 'production' | 'test';
		formats: string[];
	}[];
}

/**
 * The discovery document (the spec's service discovery): one v2 endpoint, XML and JSON.
 *
 * @param origin - the public origin of this server (e.g. https://jiedao.example.cn)
 * @returns the document
 * @example
 * discovery('https://jiedao.example.cn').endpoints[0].url; // 'https://jiedao.example.cn/open311/v2'
 */
export function discovery(origin: string): Discovery {
	return {
		changeset: CHANGESET,
		contact: 'The subdistrict command centre (街道指挥中心) answers questions about this API.',
		key_service: 'API keys (api_key) are issued by the district administrator on request.',
		endpoints: [
			{
				specification: SPECIFICATION,
				url: `${origin}/open311/v2`,
				changeset: CHANGESET,
				type: 'production',
				formats: ['text/xml', 'application/json']
			}
		]
	};
}

// ------------------------------------------------------------------------------------------------
// Services

export interface Service {
	service_code: string;
	service_name: string;
	description: string;
	metadata: boolean;
	type: 'realtime' | 'batch' | 'blackbox';
	keywords: string;
	group: string;
}

interface CategoryRow extends Row {
	code: string;
	name: string;
	nameEn: string;
	urgent: boolean;
	kind: 'component' | 'event';
	groupCode: string;
	groupName: string;
	groupNameEn: string;
}

async function categories(db: Queryable): Promise<CategoryRow[]> {
	return run<CategoryRow>(db, 'reading the Open311 services', 'services', []);
}

function serviceOf(c: CategoryRow, locale: Locale): Service {
	const en = locale === 'en';
	const name = en ? c.nameEn : c.name;
	const group = en ? c.groupNameEn : c.groupName;
	const kind = en ? c.kind : c.kind === 'component' ? '部件' : '事件';
	const keywords = [kind, group, c.groupCode, ...(c.urgent ? [en ? 'urgent' : '紧急'] : [])];
	return {
		service_code: c.code,
		service_name: name,
		description: `${group} · ${name}${en ? '' : ` (${c.nameEn})`}`,
		metadata: true,
		type: 'realtime',
		keywords: keywords.join(', '),
		group
	};
}

/**
 * GET services: every subcategory as a service, its major class as the group.
 *
 * @param db - the database
 * @param locale - names in Chinese (default) or English
 * @returns the services in code order
 * @example
 * (await listServices(db, 'en')).find((s) => s.service_code === '20101')?.service_name; // 'Exposed rubbish'
 */
export async function listServices(db: Queryable, locale: Locale = 'zh-CN'): Promise<Service[]> {
	return (await categories(db)).map((c) => serviceOf(c, locale));
}

async function category(db: Queryable, code: string): Promise<CategoryRow> {
	const c = (await categories(db)).find((r) => r.code === code);
	if (!c) throw new Open311Error(404, 'service_code not found');
	return c;
}

export type Datatype =
	'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface Attribute {
	variable: boolean;
	code: string;
	datatype: Datatype;
	required: boolean;
	datatype_description: string | null;
	order: number;
	description: string;
	values?: { key: string; name: string }[];
}

export interface ServiceDefinition {
	service_code: string;
	attributes: Attribute[];
}

/** The attribute codes POST requests understands (their meaning: see {@link attributesOf}). */
export const ATTRIBUTE_CODES = ['hazard', 'location_detail'] as const;

function attributesOf(c: CategoryRow, locale: Locale): Attribute[] {
	const en = locale === 'en';
	const out: Attribute[] = [];
	if (c.urgent) {
		out.push({
			variable: false,
			code: 'emergency_notice',
			datatype: 'text',
			required: false,
			datatype_description: null,
			order: 0,
			description: en
				? 'If anyone is in danger now, call 110 (police), 119 (fire) or 120 (ambulance) first.'
				: '如有人身危险,请先拨打 110(报警)、119(火警)或 120(急救)。'
		});
	}
	out.push(
		{
			variable: true,
			code: 'hazard',
			datatype: 'singlevaluelist',
			required: false,
			datatype_description: null,
			order: 1,
			description: en
				? 'Is it a danger to people right now? (yes: handled with top priority)'
				: '是否正在危及人身安全?(是:优先处置)',
			values: [
				{ key: 'yes', name: en ? 'Yes' : '是' },
				{ key: 'no', name: en ? 'No' : '否' }
			]
		},
		{
			variable: true,
			code: 'location_detail',
			datatype: 'string',
			required: false,
			datatype_description: en ? 'At most 200 characters' : '不超过 200 字',
			order: 2,
			description: en
				? 'Where exactly: building, entrance or landmark (not shown publicly)'
				: '具体位置:楼栋、单元或地标(不公开显示)'
		}
	);
	return out;
}

/**
 * GET services/{service_code}: the attributes a client may send with attribute[code].
 *
 * @param db - the database
 * @param code - the service code
 * @param locale - texts in Chinese (default) or English
 * @returns the definition
 * @throws Open311Error 404 for an unknown service_code
 * @example
 * (await serviceDefinition(db, '20101')).attributes.map((a) => a.code); // ['hazard', 'location_detail']
 */
export async function serviceDefinition(
	db: Queryable,
	code: string | undefined,
	locale: Locale = 'zh-CN'
): Promise<ServiceDefinition> {
	const c = await category(db, code ?? '');
	return { service_code: c.code, attributes: attributesOf(c, locale) };
}

// ------------------------------------------------------------------------------------------------
// API keys

/**
 * The id of a valid Open311 API key.
 *
 * @param db - the database
 * @param key - the presented api_key (undefined: none)
 * @returns the key's id
 * @throws Open311Error 403 when the key is missing, unknown or revoked
 * @example
 * await authenticateOpen311Key(db, 'demo-open311-key-2026');
 */
export async function authenticateOpen311Key(
	db: Queryable,
	key: string | undefined | null
): Promise<number> {
	if (!key || key.length > 256) throw new Open311Error(403, 'api_key: missing or invalid');
	const [row] = await run<{ id: number }>(db, 'checking an Open311 key', 'key_check', [
		keyHash(key)
	]);
	if (!row) throw new Open311Error(403, 'api_key: missing or invalid');
	return Number(row.id);
}

/**
 * Registers an Open311 API key (stored as its sha256 only); a second call is a no-op.
 *
 * @param db - the database
 * @param key - the plain key (OPEN311_DEMO_KEY for the demo)
 * @param label - who holds it
 * @returns true when it was created now
 * @example
 * await registerOpen311Key(db, 'demo-open311-key-2026', 'demo client');
 */
export async function registerOpen311Key(
	db: Queryable,
	key: string,
	label = 'demo client'
): Promise<boolean> {
	const rows = await run(db, 'registering an Open311 key', 'key_insert', [keyHash(key), label]);
	return rows.length > 0;
}

// ------------------------------------------------------------------------------------------------
// POST requests

export interface Created {
	service_request_id: string;
	token: string;
	service_notice: string;
	account_id: string | null;
}

/** Zod paths of createIncident's input → the spec's parameter names. */
const PARAM_OF: Readonly<Record<string, string>> = {
	category: 'service_code',
	lon: 'long',
	lat: 'lat',
	description: 'description',
	address: 'address_string',
	'contact.name': 'first_name/last_name',
	'contact.phone': 'phone',
	'contact.email': 'email'
};

function isZodError(e: unknown): e is { issues: { path: PropertyKey[]; message: string }[] } {
	return (
		e instanceof Error && e.name === 'ZodError' && Array.isArray((e as { issues?: unknown }).issues)
	);
}

/** A refusal from the case service, told in the spec's terms (400 naming the parameter). */
function translate(e: unknown): unknown {
	if (isZodError(e)) {
		const issue = e.issues[0];
		const path = issue?.path.map(String).join('.') ?? '';
		return new Open311Error(400, `${PARAM_OF[path] ?? path}: ${issue?.message ?? 'invalid'}`);
	}
	if (e instanceof Error && e.name === 'IncidentError') {
		const code = (e as { code?: string }).code;
		if (code === 'outside_district') {
			return new Open311Error(400, 'lat/long: the location is outside the district');
		}
		const status = (e as { status?: number }).status;
		if (status === 400 || status === 403 || status === 404)
			return new Open311Error(status, e.message);
	}
	return e;
}

async function locate(
	db: Queryable,
	p: PostParams
): Promise<{ lon: number; lat: number; address: string | undefined }> {
	if (p.lat !== undefined && p.long !== undefined) {
		return { lon: p.long, lat: p.lat, address: p.address_string };
	}
	if (p.lat !== undefined || p.long !== undefined) {
		throw new Open311Error(400, 'lat/long: both are required together');
	}
	if (!p.address_string) {
		throw new Open311Error(
			400,
			'lat/long: a location is required (lat and long, or address_string)'
		);
	}
	// why: we have no geocoder; only the exact name of one community (社区) resolves.
	const rows = await run<{ lon: number; lat: number }>(
		db,
		'resolving an Open311 address',
		'community_point',
		[p.address_string]
	);
	if (rows.length !== 1) {
		throw new Open311Error(400, 'address_string not supported, send lat/long');
	}
	return { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat), address: p.address_string };
}

function attributeValues(p: PostParams, c: CategoryRow): { priority: number; detail?: string } {
	let priority = 2;
	let detail: string | undefined;
	for (const [code, values] of Object.entries(p.attribute)) {
		const name = `attribute[${code}]`;
		if (!(ATTRIBUTE_CODES as readonly string[]).includes(code)) {
			throw new Open311Error(400, `${name}: not an attribute of service ${c.code}`);
		}
		if (values.length !== 1) throw new Open311Error(400, `${name}: takes exactly one value`);
		const v = values[0]!;
		if (code === 'hazard') {
			if (v !== 'yes' && v !== 'no') throw new Open311Error(400, `${name}: must be 'yes' or 'no'`);
			if (v === 'yes') priority = 1;
		} else if (v !== '') detail = v;
	}
	return { priority, ...(detail ? { detail } : {}) };
}

/**
 * A Db whose transactions also run `after` on the result, inside the same transaction: so the
 * case and its Open311 link commit together or not at all.
 */
function withAfter(db: Db, after: (tx: Queryable, created: CreatedIncident) => Promise<void>): Db {
	return {
		...db,
		query: (text, params) => db.query(text, params),
		exec: (text) => db.exec(text),
		close: () => db.close(),
		transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
			return db.transaction(async (tx) => {
				const result = await fn(tx);
				const r = result as Partial<CreatedIncident> | null;
				// why: only the transaction that created the case (it returns its id and number).
				if (r && typeof r === 'object' && r.id != null && typeof r.number === 'string') {
					await after(tx, r as CreatedIncident);
				}
				return result;
			});
		}
	};
}

/** A fresh lookup token: 18 random bytes, base64url (24 characters). */
export function newToken(): string {
	return randomBytes(18).toString('base64url');
}

/**
 * POST requests: a new case, filed at once, from an Open311 client holding an API key. Contact
 * details (first_name, last_name, phone, email) are stored as the case's protected contact;
 * attribute[hazard]=yes makes it priority 1; attribute[location_detail] (or address_string)
 * becomes the case's address note.
 *
 * @param db - the database
 * @param keyId - the authenticated key ({@link authenticateOpen311Key})
 * @param p - the validated parameters
 * @param origin - this server's public origin, for the tracking link in service_notice
 * @param now - the clock
 * @returns one created request: service_request_id (our case number) and a token
 * @throws Open311Error 404 for an unknown service_code, 400 for a bad or missing location (or
 *   one outside the district) and any other invalid parameter
 * @example
 * await createRequest(db, keyId, parsePostParams([['service_code', '20101'], ['lat', '36.66'], ['long', '117.05']]), origin);
 */
export async function createRequest(
	db: Db,
	keyId: number,
	p: PostParams,
	origin: string,
	now = new Date()
): Promise<Created> {
	const c = await category(db, p.service_code);
	const { priority, detail } = attributeValues(p, c);
	const place = await locate(db, p);
	const name = [p.first_name, p.last_name].filter(Boolean).join(' ');
	const contact =
		name || p.phone || p.email
			? {
					...(name ? { name } : {}),
					...(p.phone ? { phone: p.phone } : {}),
					...(p.email ? { email: p.email } : {})
				}
			: undefined;
	const token = newToken();
	let linked = false;
	const hooked = withAfter(db, async (tx, created) => {
		const rows = await run(tx, 'linking a case to its Open311 key', 'link', [
			created.id,
			keyId,
			token,
			p.media_url ?? null
		]);
		linked = rows.length === 1;
	});
	const en = p.locale === 'en';
	let created: CreatedIncident;
	try {
		created = await createIncident(
			hooked,
			OPEN311_ACTOR,
			{
				category: c.code,
				lon: place.lon,
				lat: place.lat,
				description: p.description || (en ? c.nameEn : c.name),
				...(detail || place.address ? { address: detail ?? place.address } : {}),
				priority,
				...(contact ? { contact } : {})
			},
			{ now }
		);
	} catch (e) {
		throw translate(e);
	}
	// A change in how createIncident uses transactions must not silently drop the link: fail loudly.
	if (!linked) throw new Error(`open311: case ${created.number} was created without its link`);
	const link = `${origin}/track/${created.trackingCode}`;
	return {
		service_request_id: created.number,
		token,
		service_notice: en
			? `Received. Follow progress with tracking code ${created.trackingCode}: ${link}`
			: `已受理。凭查询码 ${created.trackingCode} 查看办理进度:${link}`,
		account_id: null
	};
}

// ------------------------------------------------------------------------------------------------
// GET requests, GET requests/{id}, GET tokens/{token}

export interface ExtendedAttributes {
	/** Our detailed state (reported, filed, dispatched, …). */
	detailed_status: CaseState;
	/** The stage a resident is told (as on the tracking page). */
	public_stage: PublicStage;
	/** The current stage's deadline while the case is open. */
	deadline: string | null;
	/** blue, yellow, red or overdue while a deadline runs. */
	urgency: UrgencyTier | null;
	/** The case this one was merged into (a duplicate), else null. */
	merged_into: string | null;
}

export interface ServiceRequest {
	service_request_id: string;
	status: OpenClosed;
	status_notes: string | null;
	service_name: string;
	service_code: string;
	requested_datetime: string;
	updated_datetime: string;
	expected_datetime: string | null;
	lat: number;
	long: number;
	extended_attributes?: ExtendedAttributes;
}

/** Open311's two statuses: a case that can no longer change is closed. */
export function statusOf(state: CaseState): OpenClosed {
	return TERMINAL_STATES.includes(state) ? 'closed' : 'open';
}

/** The states behind an Open311 status. */
function statesOf(status: OpenClosed): CaseState[] {
	return CASE_STATES.filter((s) => TERMINAL_STATES.includes(s) === (status === 'closed'));
}

function notesOf(state: CaseState, mergedInto: string | null, en: boolean): string | null {
	if (state === 'rejected')
		return en ? 'Not a case for the subdistrict.' : '经核实不属于受理范围。';
	if (state === 'merged' && mergedInto) {
		return en ? `Duplicate of ${mergedInto}.` : `与 ${mergedInto} 重复,已合并办理。`;
	}
	return null;
}

function urgencyOf(row: Row, now: Date): UrgencyTier | null {
	const category = categoryByCode(String(row.categoryCode));
	if (!category || row.stage === null || row.deadlineAt === null || row.stageStartedAt === null) {
		return null;
	}
	const natural = stageLimit(category, row.stage as SlaStage).clock === 'natural';
	return urgency(now, new Date(row.stageStartedAt as string), new Date(row.deadlineAt as string), {
		calendar: natural ? null : DEFAULT_CALENDAR
	});
}

function shape(row: Row, extensions: boolean, locale: Locale, now: Date): ServiceRequest {
	const state = row.state as CaseState;
	const status = statusOf(state);
	const mergedInto = row.mergedInto ? String(row.mergedInto) : null;
	const [lon, lat] = publicLocation(Number(row.lon), Number(row.lat));
	const out: ServiceRequest = {
		service_request_id: String(row.number),
		status,
		status_notes: notesOf(state, mergedInto, locale === 'en'),
		service_name: String(locale === 'en' ? row.categoryEn : row.categoryZh),
		service_code: String(row.categoryCode),
		requested_datetime: iso(row.reportedAt)!,
		updated_datetime: iso(row.updatedAt)!,
		expected_datetime: status === 'open' ? iso(row.dueAt) : null,
		lat,
		long: lon
	};
	if (extensions) {
		const open = status === 'open';
		out.extended_attributes = {
			detailed_status: state,
			public_stage: publicStage(state),
			deadline: open ? iso(row.deadlineAt) : null,
			urgency: open ? urgencyOf(row, now) : null,
			merged_into: mergedInto
		};
	}
	return out;
}

/**
 * Major classes whose cases are never listed publicly: social welfare (民生服务 — elderly welfare
 * checks, hardship assistance) points at vulnerable people. They can still be reported.
 */
export const PRIVATE_GROUPS: readonly string[] = ['207'];

/**
 * GET requests: by ids, or by service, window and status; at most {@link MAX_REQUESTS}, newest
 * first; public fields only; never a case of a {@link PRIVATE_GROUPS} class.
 *
 * @param db - the database
 * @param q - the validated query ({@link parseRequestsQuery})
 * @param now - the clock (for urgency)
 * @returns the requests
 * @throws Open311Error 404 for an unknown service_code
 * @example
 * await listRequests(db, parseRequestsQuery({ status: 'open' }, new Date()));
 */
export async function listRequests(
	db: Queryable,
	q: RequestsQuery,
	now = new Date()
): Promise<ServiceRequest[]> {
	let rows: Row[];
	if (q.kind === 'ids') {
		rows = await run(db, 'reading Open311 requests by id', 'requests_by_number', [
			q.ids,
			PRIVATE_GROUPS
		]);
	} else {
		if (q.serviceCode !== null) await category(db, q.serviceCode);
		const states = q.status ? statesOf(q.status[0]!) : null;
		rows = await run(db, 'reading Open311 requests', 'requests', [
			q.serviceCode,
			q.start,
			q.end,
			states,
			MAX_REQUESTS,
			PRIVATE_GROUPS
		]);
	}
	return rows.map((r) => shape(r, q.extensions, q.locale, now));
}

/**
 * GET requests/{id}: one request (as a list of one, per the spec).
 *
 * @param db - the database
 * @param id - our case number (LX…)
 * @param opts - extensions and locale
 * @returns a list with the one request
 * @throws Open311Error 404 when there is no such request
 * @example
 * await getRequest(db, 'LX00000001', { extensions: true, locale: 'en' });
 */
export async function getRequest(
	db: Queryable,
	id: string | undefined,
	opts: { extensions: boolean; locale: Locale },
	now = new Date()
): Promise<ServiceRequest[]> {
	if (!id || !REQUEST_ID.test(id)) throw new Open311Error(404, 'service_request_id not found');
	const found = await listRequests(db, { kind: 'ids', ids: [id], ...opts }, now);
	if (found.length === 0) throw new Open311Error(404, 'service_request_id not found');
	return found;
}

/**
 * GET tokens/{token}: the request a token stands for (ours are created at once, so always one).
 *
 * @param db - the database
 * @param token - the token from POST requests
 * @returns `[{ service_request_id, token }]`
 * @throws Open311Error 404 for an unknown token
 * @example
 * await lookupToken(db, 'q3Xv…');
 */
export async function lookupToken(
	db: Queryable,
	token: string | undefined
): Promise<{ service_request_id: string; token: string }[]> {
	if (!token || !TOKEN.test(token)) throw new Open311Error(404, 'token not found');
	const [row] = await run<{ number: string }>(db, 'reading an Open311 token', 'token', [token]);
	if (!row) throw new Open311Error(404, 'token not found');
	return [{ service_request_id: row.number, token }];
}
