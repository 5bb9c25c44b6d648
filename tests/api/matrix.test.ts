/**
 * The role × route matrix, generated from the route manifest (src/routes): every route, every
 * method, every role including anonymous, against the expected table below. A route missing from
 * the table fails the test, so a new route cannot ship without deciding who may call it. Every
 * denied call must leave the database exactly as it was. Then the cross-subdistrict canaries: as a
 * leader and as an operator scoped to subdistrict A, and anonymously, no GET route returns any of
 * subdistrict B's personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/lib/domain/actor';
import { createUser } from '../../src/lib/server/auth/users';
import { SYSTEM_ACTOR } from '../../src/lib/server/auth/demo-users';
import { withSystemRole } from '../../src/lib/server/auth/rls';
import { DEFAULT_KPI_WEIGHTS } from '../../src/lib/domain/kpi';
import { DEFAULT_WARNING_RULES } from '../../src/lib/server/indicators/settings';
import { dbFingerprint, PASSWORD, routeManifest, startApi, type Api, type Reply } from './harness';

type Who = 'anonymous' | Exclude<Role, 'public'>;
const WHO: readonly Who[] = [
	'anonymous',
	'gridworker',
	'operator',
	'supervisor',
	'planner',
	'leader',
	'admin'
];
const USER: Record<Exclude<Who, 'anonymous'>, string> = {
	gridworker: 'demo-gridworker',
	operator: 'demo-operator',
	supervisor: 'demo-supervisor',
	planner: 'demo-planner',
	leader: 'demo-leader',
	admin: 'demo-admin'
};

interface Ctx {
	targetId: number;
	/** A saved scenario that stays. */
	scenarioId: number;
	/** A scenario made just before a call that may delete it. */
	scratchId: number;
	/** An open warning to acknowledge (or a missing id when the demo has none left). */
	warningId: number;
	n: () => number;
}
interface Sample {
	path?: (c: Ctx) => string;
	body?: (c: Ctx) => unknown;
	form?: (c: Ctx) => Record<string, string | string[]>;
}
interface Expectation {
	sample?: Sample;
	/** Who may: 'all' or a list. Everyone else is refused. */
	allow: 'all' | readonly Who[];
	/** Status when allowed: one number or per caller. */
	ok: number | readonly number[] | (Partial<Record<Who, number>> & { default: number });
	/** Runs before each call (e.g. make the scenario a DELETE may remove). */
	before?: (c: Ctx) => Promise<void>;
	/** The call ends or replaces the caller's session: sign in again afterwards. */
	endsSession?: boolean;
}

const ADMIN_ONLY: readonly Who[] = ['admin'];
const ANALYSTS: readonly Who[] = ['planner', 'leader', 'admin'];
const SCENARIO_WRITERS: readonly Who[] = ['planner', 'admin'];
const INDICATOR_READERS: readonly Who[] = ['operator', 'supervisor', 'planner', 'leader', 'admin'];
const SENSOR_READERS: readonly Who[] = [
	'gridworker',
	'operator',
	'supervisor',
	'planner',
	'leader',
	'admin'
];
const ALERT_MANAGERS: readonly Who[] = ['operator', 'supervisor', 'admin'];
const INCIDENT_READERS: readonly Who[] = [
	'gridworker',
	'operator',
	'supervisor',
	'leader',
	'admin'
];
const PERIOD = 'from=2026-10-01&to=2026-11-20';
const scenarioBody = (c: Ctx) => ({
	name: `Matrix ${c.n()}`,
	serviceType: 'meal',
	params: { segment: 'all', radius: 500, detour: 1.3 },
	changes: {}
});
const newUser = (c: Ctx) => ({
	username: `mx-${c.n()}`,
	displayName: 'Matrix',
	password: 'matrix-password-1',
	role: 'operator',
	scope: 'all'
});

/**
 * Tracking samples: the canary case (the first case of the second subdistrict with a grid cell,
 * where the canary test plants a contact) and a closed case whose rating each call clears first.
 */
const tracking = { canaryCode: 'UNSETCODE0', closedCode: 'UNSETCODE0', closedId: 0 };
async function findTrackingCases(): Promise<void> {
	const [canary] = await api.db.query<{ code: string }>(
		`SELECT i.tracking_code AS code FROM incident i
		  WHERE i.subdistrict_code = (SELECT code FROM admin_area WHERE level = 'subdistrict'
		                               ORDER BY code OFFSET 1 LIMIT 1)
		    AND i.grid_cell_id IS NOT NULL ORDER BY i.id LIMIT 1`
	);
	const [closed] = await api.db.query<{ id: number; code: string }>(
		"SELECT id, tracking_code AS code FROM incident WHERE state = 'closed' ORDER BY id DESC LIMIT 1"
	);
	tracking.canaryCode = canary!.code;
	tracking.closedCode = closed!.code;
	tracking.closedId = closed!.id;
}
/** Map samples: a grid cell code for the cell panel. */
const mapSample = { gridCode: '' };
async function findMapSamples(): Promise<void> {
	const [g] = await api.db.query<{ code: string }>(
		'SELECT code FROM grid_cell ORDER BY code LIMIT 1'
	);
	mapSample.gridCode = g!.code;
}
async function resetTrackingRating(): Promise<void> {
	await api.db.query('UPDATE incident SET rating = NULL, rated_at = NULL WHERE id = $1', [
		tracking.closedId
	]);
}

/** The expected table. Keys are manifest keys: 'METHOD /route' or 'POST /route?/action'. */
const EXPECTED: Record<string, Expectation> = {
	'GET /': { allow: 'all', ok: 200 },
	'GET /api/health': { allow: 'all', ok: 200 },
	'GET /api/layers/basemap': { allow: 'all', ok: 200 },
	'GET /api/layers/boundaries': {
		allow: 'all',
		ok: 200,
		sample: { path: () => '/api/layers/boundaries?level=subdistrict' }
	},
	'GET /api/auth/me': { allow: 'all', ok: 200 },
	'POST /api/auth/login': {
		allow: 'all',
		ok: 200,
		endsSession: true,
		sample: { body: () => ({ username: 'demo-planner', password: PASSWORD }) }
	},
	'POST /api/auth/logout': {
		allow: 'all',
		ok: 204,
		endsSession: true,
		sample: { body: () => ({}) }
	},
	'GET /api/admin/users': { allow: ADMIN_ONLY, ok: 200 },
	'POST /api/admin/users': { allow: ADMIN_ONLY, ok: 201, sample: { body: newUser } },
	'GET /api/admin/users/[id]': {
		allow: ADMIN_ONLY,
		ok: 200,
		sample: { path: (c) => `/api/admin/users/${c.targetId}` }
	},
	'PATCH /api/admin/users/[id]': {
		allow: ADMIN_ONLY,
		ok: 200,
		sample: {
			path: (c) => `/api/admin/users/${c.targetId}`,
			body: (c) => ({ displayName: `T${c.n()}` })
		}
	},
	'POST /api/admin/users/[id]/password': {
		allow: ADMIN_ONLY,
		ok: 204,
		sample: {
			path: (c) => `/api/admin/users/${c.targetId}/password`,
			body: () => ({ password: 'another-password-9' })
		}
	},
	'GET /api/admin/audit': { allow: ADMIN_ONLY, ok: 200 },
	// Leaders' pages (indicators.read) and warning acknowledgement (warning.ack, in scope).
	'GET /leader': { allow: INDICATOR_READERS, ok: 200 },
	'GET /leader/briefing': { allow: INDICATOR_READERS, ok: 200 },
	'POST /leader?/ack': {
		allow: ['supervisor', 'leader', 'admin'],
		// 200 (acknowledged, or the page with a 404/409 message when already done or missing).
		ok: [200, 404, 409],
		before: findOpenWarning,
		sample: { form: (c) => ({ id: String(c.warningId), note: 'seen' }) }
	},
	// Leaders' indicators and warnings (indicators.read, export.csv, warning.ack).
	'GET /api/indicators': {
		allow: INDICATOR_READERS,
		ok: 200,
		sample: { path: () => `/api/indicators?level=subdistrict&${PERIOD}` }
	},
	'GET /api/indicators/[table]': {
		allow: INDICATOR_READERS,
		ok: 200,
		sample: { path: () => `/api/indicators/funnel?${PERIOD}` }
	},
	'GET /api/indicators/summary': {
		allow: INDICATOR_READERS,
		ok: 200,
		sample: { path: () => `/api/indicators/summary?${PERIOD}` }
	},
	'GET /api/warnings': { allow: INDICATOR_READERS, ok: 200 },
	// Indicator settings: read by indicator readers, changed by a district-wide admin.
	'GET /api/admin/indicator-settings': { allow: INDICATOR_READERS, ok: 200 },
	'PUT /api/admin/indicator-settings': {
		allow: ADMIN_ONLY,
		ok: 200,
		sample: { body: () => ({ weights: DEFAULT_KPI_WEIGHTS, rules: DEFAULT_WARNING_RULES }) }
	},
	'GET /admin/indicators': { allow: INDICATOR_READERS, ok: 200 },
	'POST /api/warnings/[id]/ack': {
		allow: ['supervisor', 'leader', 'admin'],
		// 200 the first time; an already acknowledged or missing warning is 404/409.
		ok: [200, 404, 409],
		before: findOpenWarning,
		sample: { path: (c) => `/api/warnings/${c.warningId}/ack`, body: () => ({ note: 'seen' }) }
	},
	// Sensors (src/lib/server/sensors: sensor.read, alert.manage in scope). Ingestion takes a
	// device or gateway key, never a session: without a key every caller gets 401.
	'POST /api/ingest/readings': {
		allow: 'all',
		ok: 401,
		sample: { body: () => ({ readings: [] }) }
	},
	'GET /api/sensors': { allow: SENSOR_READERS, ok: 200 },
	'GET /api/alerts': { allow: SENSOR_READERS, ok: 200 },
	'POST /api/alerts/[id]/ack': {
		allow: ALERT_MANAGERS,
		// 200, or 404 (missing or out of scope) / 409 (already resolved).
		ok: [200, 404, 409],
		sample: { path: () => '/api/alerts/1/ack', body: () => ({}) }
	},
	'POST /api/alerts/[id]/resolve': {
		allow: ALERT_MANAGERS,
		ok: [200, 404],
		sample: { path: () => '/api/alerts/2/resolve', body: () => ({}) }
	},
	'POST /api/alerts/[id]/case': {
		allow: ALERT_MANAGERS,
		// 201 a case opened, 200 it had one; 404 missing or out of scope, 409 resolved.
		ok: [200, 201, 404, 409],
		sample: { path: () => '/api/alerts/3/case', body: () => ({ category: '20105' }) }
	},
	'GET /api/sensors/[id]': {
		allow: SENSOR_READERS,
		ok: [200, 404],
		sample: { path: () => '/api/sensors/1' }
	},
	'GET /api/sensors/[id]/readings': {
		allow: SENSOR_READERS,
		ok: [200, 404],
		sample: { path: () => '/api/sensors/1/readings?hours=48' }
	},
	'GET /alerts': { allow: SENSOR_READERS, ok: 200 },
	'GET /sensors/[id]': {
		allow: SENSOR_READERS,
		ok: [200, 404],
		sample: { path: () => '/sensors/1' }
	},
	// Planner analysis (src/lib/server/analysis/access.ts: analysis.run, scenario.write).
	'GET /planner': { allow: ANALYSTS, ok: 200 },
	'GET /api/analysis/cells': { allow: ANALYSTS, ok: 200 },
	'GET /api/analysis/coverage': {
		allow: ANALYSTS,
		ok: 200,
		sample: { path: () => '/api/analysis/coverage?service=meal&segment=all&radius=500' }
	},
	'GET /api/analysis/accessibility': {
		allow: ANALYSTS,
		ok: 200,
		sample: { path: () => '/api/analysis/accessibility?service=daycare&segment=age60&radius=600' }
	},
	'POST /api/analysis/optimize': {
		allow: ANALYSTS,
		// The body decides between a result and a 400 naming the problem; refusals are 401/403.
		ok: [200, 400],
		sample: { body: () => ({ service: 'meal', segment: 'all', radius: 500, p: 1 }) }
	},
	'GET /api/scenarios': { allow: ANALYSTS, ok: 200 },
	'POST /api/scenarios': { allow: SCENARIO_WRITERS, ok: 201, sample: { body: scenarioBody } },
	'GET /api/scenarios/[id]': {
		allow: ANALYSTS,
		ok: 200,
		sample: { path: (c) => `/api/scenarios/${c.scenarioId}` }
	},
	'PUT /api/scenarios/[id]': {
		allow: SCENARIO_WRITERS,
		ok: 200,
		sample: { path: (c) => `/api/scenarios/${c.scenarioId}`, body: scenarioBody }
	},
	'DELETE /api/scenarios/[id]': {
		allow: SCENARIO_WRITERS,
		ok: 204,
		before: makeScratchScenario,
		sample: { path: (c) => `/api/scenarios/${c.scratchId}` }
	},
	'GET /api/scenarios/compare': {
		allow: ANALYSTS,
		ok: 200,
		sample: { path: (c) => `/api/scenarios/compare?a=${c.scenarioId}&b=${c.scenarioId}` }
	},
	// Cases (src/lib/server/incidents): incident.read / create / transition.
	'GET /api/incidents': { allow: INCIDENT_READERS, ok: 200 },
	'POST /api/incidents': {
		allow: ['anonymous', 'gridworker', 'operator', 'supervisor', 'admin'],
		ok: 201,
		before: findReportPoint,
		sample: {
			body: () => ({ category: '20101', ...reportPoint, description: 'Matrix report' })
		}
	},
	'GET /api/incidents/[id]': {
		allow: INCIDENT_READERS,
		ok: 200,
		sample: { path: () => '/api/incidents/1' }
	},
	'POST /api/incidents/[id]/transition': {
		allow: ['gridworker', 'operator', 'supervisor', 'admin'],
		// A stale version is refused (409) before any role or state check, so nothing changes.
		ok: 409,
		sample: {
			path: () => '/api/incidents/1/transition',
			body: () => ({ action: 'file', expectedVersion: 999_999 })
		}
	},
	'POST /api/incidents/bulk': {
		allow: ['gridworker', 'operator', 'supervisor', 'admin'],
		// Each item is refused on its own (a stale version: 409 in the results), so nothing changes.
		ok: 200,
		sample: { body: () => ({ items: [{ id: 1, expectedVersion: 999_999 }], action: 'file' }) }
	},
	// Case photos (src/lib/server/incidents/photos.ts): incident.read, in scope.
	'GET /api/incidents/[id]/photos/[name]': {
		allow: INCIDENT_READERS,
		ok: 200,
		before: ensureMatrixPhoto,
		sample: { path: () => `/api/incidents/1/photos/${MATRIX_PHOTO}` }
	},
	// Extension requests (src/lib/server/incidents/extensions.ts): read in scope; requesting and
	// deciding go through the case table. Samples refused without changes: a stale version (409)
	// and a denial when nothing is pending on case 1 (409).
	'GET /api/incidents/[id]/extensions': {
		allow: INCIDENT_READERS,
		ok: 200,
		sample: { path: () => '/api/incidents/1/extensions' }
	},
	'POST /api/incidents/[id]/extensions': {
		allow: ['gridworker', 'operator', 'supervisor', 'admin'],
		ok: 409,
		sample: {
			path: () => '/api/incidents/1/extensions',
			body: () => ({ expectedVersion: 999_999, reason: 'Matrix' })
		}
	},
	'POST /api/incidents/[id]/extensions/decision': {
		allow: ['gridworker', 'operator', 'supervisor', 'admin'],
		ok: { default: 409, gridworker: 403, supervisor: 403 },
		sample: {
			path: () => '/api/incidents/1/extensions/decision',
			body: () => ({ decision: 'deny', reason: 'Matrix' })
		}
	},
	// Returns per routing rule: command and supervision (and admin, who holds both).
	'GET /api/routing/returns': { allow: ['operator', 'supervisor', 'admin'], ok: 200 },
	// Residents report (src/routes/report): public page; the form needs incident.create.
	'GET /report': { allow: 'all', ok: 200 },
	'POST /report': {
		allow: ['anonymous', 'gridworker', 'operator', 'supervisor', 'admin'],
		ok: 200,
		before: findReportPoint,
		sample: {
			form: () => ({
				category: '20101',
				lon: String(reportPoint.lon),
				lat: String(reportPoint.lat),
				description: 'Matrix report form'
			})
		}
	},
	// The grid worker's page (src/routes/field): grid workers only. The forms are refused
	// (400 for an incomplete form, 409 for a stale version) without changing anything.
	'GET /field': { allow: ['gridworker'], ok: 200 },
	'POST /field?/report': {
		allow: ['gridworker'],
		ok: 400,
		sample: { form: () => ({ description: 'Matrix field report without a place' }) }
	},
	'POST /field?/act': {
		allow: ['gridworker'],
		ok: [404, 409],
		sample: { form: () => ({ id: '1', expectedVersion: '999999', action: 'verify' }) }
	},
	// The operators' screens (src/routes/cases): incident.read.
	'GET /cases': { allow: INCIDENT_READERS, ok: 200 },
	'GET /cases/[id]': { allow: INCIDENT_READERS, ok: 200, sample: { path: () => '/cases/1' } },
	'GET /api/incidents/duplicates': {
		allow: INCIDENT_READERS,
		ok: 200,
		sample: { path: () => '/api/incidents/duplicates?category=20101&lon=117.05&lat=36.66' }
	},
	// Residents' tracking (src/lib/server/tracking): public, anonymous included.
	'GET /track/[code]': {
		allow: 'all',
		ok: 200,
		sample: { path: () => `/track/${tracking.canaryCode}` }
	},
	'POST /track/[code]?/rate': {
		allow: 'all',
		ok: 200,
		before: resetTrackingRating,
		sample: { path: () => `/track/${tracking.closedCode}?/rate`, form: () => ({ rating: '5' }) }
	},
	'GET /api/track/[code]': {
		allow: 'all',
		ok: 200,
		sample: { path: () => `/api/track/${tracking.canaryCode}` }
	},
	'POST /api/track/[code]/rating': {
		allow: 'all',
		ok: 200,
		before: resetTrackingRating,
		sample: { path: () => `/api/track/${tracking.closedCode}/rating`, body: () => ({ rating: 4 }) }
	},
	// Open311 GeoReport v2 (src/lib/server/open311): public, anonymous included. POST needs an
	// api_key, never a session: without one every caller gets the spec's 403.
	'GET /open311/v2/discovery.[format]': {
		allow: 'all',
		ok: 200,
		sample: { path: () => '/open311/v2/discovery.json' }
	},
	'GET /open311/v2/services.[format]': {
		allow: 'all',
		ok: 200,
		sample: { path: () => '/open311/v2/services.xml' }
	},
	'GET /open311/v2/services/[code].[format]': {
		allow: 'all',
		ok: 200,
		sample: { path: () => '/open311/v2/services/20101.json' }
	},
	'GET /open311/v2/requests.[format]': {
		allow: 'all',
		ok: 200,
		sample: { path: () => '/open311/v2/requests.json?service_request_id=LX00000001' }
	},
	'POST /open311/v2/requests.[format]': {
		allow: 'all',
		ok: 403,
		sample: { path: () => '/open311/v2/requests.json', body: () => ({ service_code: '20101' }) }
	},
	'GET /open311/v2/requests/[id].[format]': {
		allow: 'all',
		ok: 200,
		sample: { path: () => '/open311/v2/requests/LX00000001.xml' }
	},
	'GET /open311/v2/tokens/[token].[format]': {
		allow: 'all',
		// The matrix's database has no Open311 tokens: 404 for everyone (never 401/403).
		ok: 404,
		sample: { path: () => '/open311/v2/tokens/AAAAAAAAAAAAAAAAAAAAAAAA.json' }
	},
	'GET /open311/[...rest]': {
		allow: 'all',
		ok: 404,
		sample: { path: () => '/open311/v2/requests' }
	},
	// Operations map (src/lib/server/map, src/lib/server/stream): case layers need incident.read
	// (scoped); grid, service points, search and the stream are for everyone, each scoped inside.
	'GET /api/tiles/incidents/[z]/[x]/[y]': {
		allow: INCIDENT_READERS,
		ok: 200,
		sample: { path: () => `/api/tiles/incidents/12/3379/1586?${PERIOD}` }
	},
	'GET /api/layers/incidents/heat': {
		allow: INCIDENT_READERS,
		ok: 200,
		sample: {
			path: () => `/api/layers/incidents/heat?bbox=116.9,36.6,117.3,36.8&cell=500&${PERIOD}`
		}
	},
	'GET /api/layers/grid': {
		allow: 'all',
		ok: 200,
		sample: { path: () => `/api/layers/grid?${PERIOD}` }
	},
	'GET /api/layers/grid/[code]': {
		allow: 'all',
		ok: 200,
		sample: { path: () => `/api/layers/grid/${mapSample.gridCode}?${PERIOD}` }
	},
	'GET /api/layers/service-points': { allow: 'all', ok: 200 },
	'GET /api/layers/sensors': { allow: SENSOR_READERS, ok: 200 },
	'GET /api/search': { allow: 'all', ok: 200, sample: { path: () => '/api/search?q=LX0000' } },
	// Poll mode: replays and ends (a live stream never would, and the matrix waits for the end).
	'GET /api/stream': {
		allow: 'all',
		ok: 200,
		sample: { path: () => '/api/stream?mode=poll&lastEventId=0' }
	},
	'GET /login': { allow: 'all', ok: { anonymous: 200, default: 303 } },
	'POST /login': {
		allow: 'all',
		ok: 303,
		endsSession: true,
		sample: { form: () => ({ username: 'demo-planner', password: PASSWORD }) }
	},
	'GET /logout': { allow: 'all', ok: 200 },
	'POST /logout': { allow: 'all', ok: 303, endsSession: true, sample: { form: () => ({}) } },
	'GET /admin/users': { allow: ADMIN_ONLY, ok: 200 },
	'POST /admin/users?/create': {
		allow: ADMIN_ONLY,
		ok: 200,
		sample: {
			form: (c) => ({ ...(newUser(c) as Record<string, string>), scope: [] as string[] })
		}
	},
	'POST /admin/users?/update': {
		allow: ADMIN_ONLY,
		ok: 200,
		sample: { form: (c) => ({ id: String(c.targetId), role: 'operator' }) }
	},
	'POST /admin/users?/disable': {
		allow: ADMIN_ONLY,
		ok: 200,
		sample: { form: (c) => ({ id: String(c.targetId) }) }
	},
	'POST /admin/users?/enable': {
		allow: ADMIN_ONLY,
		ok: 200,
		sample: { form: (c) => ({ id: String(c.targetId) }) }
	},
	'POST /admin/users?/reset': {
		allow: ADMIN_ONLY,
		ok: 200,
		sample: { form: (c) => ({ id: String(c.targetId), password: 'reset-password-77' }) }
	}
};

function allowedStatuses(ok: Expectation['ok'], who: Who): readonly number[] {
	if (typeof ok === 'number') return [ok];
	if (Array.isArray(ok)) return ok;
	const byWho = ok as Partial<Record<Who, number>> & { default: number };
	return [byWho[who] ?? byWho.default];
}

/** What a refusal looks like: API and actions 401/403; pages send anonymous to sign in. */
function deniedStatus(kind: 'endpoint' | 'page' | 'action', who: Who): number {
	if (kind === 'page' && who === 'anonymous') return 303;
	return who === 'anonymous' ? 401 : 403;
}

let api: Api;
const cookies = new Map<Who, string | null>();
let counter = 0;
const ctx: Ctx = { targetId: 0, scenarioId: 0, scratchId: 0, warningId: 0, n: () => ++counter };

async function findOpenWarning(c: Ctx): Promise<void> {
	const [w] = await api.db.query<{ id: number }>(
		"SELECT id FROM warning WHERE state = 'open' ORDER BY id LIMIT 1"
	);
	c.warningId = w?.id ?? 999_999;
}

/** A point inside the district (a seeded case's), for reports that must be placed. */
let reportPoint = { lon: 0, lat: 0 };
async function findReportPoint(): Promise<void> {
	const [p] = await api.db.query<{ lon: number; lat: number }>(
		'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY id LIMIT 1'
	);
	reportPoint = p!;
}

/** A photo on case 1 for the photo route (inserted directly: the pipeline has its own tests). */
const MATRIX_PHOTO = 'matrix0000000000photo.png';
async function ensureMatrixPhoto(): Promise<void> {
	await api.db.query(
		`INSERT INTO incident_photo (incident_id, name, mime, width, height, bytes)
		 VALUES (1, $1, 'image/png', 1, 1, $2) ON CONFLICT (name) DO NOTHING`,
		[MATRIX_PHOTO, Buffer.from('89504e470d0a1a0a', 'hex')]
	);
}

/** Saved by the planner: PUT and DELETE are allowed to its owner and to admins only. */
async function newScenario(): Promise<number> {
	const r = await api.request('POST', '/api/scenarios', {
		cookie: await api.login('demo-planner'),
		sameOrigin: true,
		body: scenarioBody(ctx)
	});
	if (r.status !== 201) throw new Error(`scenario: ${r.status} ${r.text}`);
	return r.json<{ scenario: { id: number } }>().scenario.id;
}

async function makeScratchScenario(c: Ctx): Promise<void> {
	c.scratchId = await newScenario();
}
const manifest = routeManifest();

async function cookieOf(who: Who): Promise<string | null> {
	if (who === 'anonymous') return null;
	let c = cookies.get(who);
	if (!c) {
		c = await api.login(USER[who]);
		cookies.set(who, c);
	}
	return c;
}

function encodeForm(fields: Record<string, string | string[]>): string {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
	return p.toString();
}

async function call(
	entry: (typeof manifest)[number],
	who: Who,
	cookie: string | null
): Promise<Reply> {
	const exp = EXPECTED[entry.key]!;
	const p =
		exp.sample?.path?.(ctx) ??
		(entry.kind === 'action' && entry.action !== 'default'
			? `${entry.route}?/${entry.action}`
			: entry.route);
	if (entry.kind === 'action') {
		return api.request('POST', p, {
			cookie,
			raw: encodeForm(exp.sample?.form?.(ctx) ?? {}),
			sameOrigin: true,
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }
		});
	}
	const body = exp.sample?.body?.(ctx);
	return api.request(entry.method, p, {
		cookie,
		body: entry.method === 'GET' ? undefined : (body ?? {}),
		sameOrigin: entry.method !== 'GET'
	});
}

beforeAll(async () => {
	api = await startApi();
	const target = await createUser(api.db, SYSTEM_ACTOR, {
		username: 'matrix-target',
		displayName: 'Target',
		password: 'target-password-1',
		role: 'planner',
		scope: 'all'
	});
	ctx.targetId = target.id;
	ctx.scenarioId = await newScenario();
});
beforeAll(findTrackingCases);
beforeAll(findMapSamples);
afterAll(async () => {
	await api?.close();
});

describe('route manifest', () => {
	it('finds the routes, and every one has an expectation (and no stale ones)', () => {
		const keys = manifest.map((m) => m.key);
		expect(keys).toContain('POST /api/auth/login');
		expect(keys).toContain('POST /admin/users?/disable');
		expect(keys.filter((k) => !(k in EXPECTED))).toEqual([]);
		expect(Object.keys(EXPECTED).filter((k) => !keys.includes(k))).toEqual([]);
	});
});

describe('role × route matrix', () => {
	const mismatches: string[] = [];
	for (const entry of manifest) {
		it(`${entry.key}`, async () => {
			const exp = EXPECTED[entry.key];
			expect(exp, `no expectation for ${entry.key}`).toBeDefined();
			if (!exp) return;
			for (const who of WHO) {
				const allowed = exp.allow === 'all' || exp.allow.includes(who);
				await exp.before?.(ctx);
				// Sign in first: a new session is not the call's doing.
				const cookie = await cookieOf(who);
				const before = allowed ? null : await dbFingerprint(api.db);
				const r = await call(entry, who, cookie);
				const want = allowed ? allowedStatuses(exp.ok, who) : [deniedStatus(entry.kind, who)];
				if (!want.includes(r.status))
					mismatches.push(
						`${entry.key} as ${who}: ${r.status} (want ${want.join('|')}) ${r.text.slice(0, 120)}`
					);
				expect(want, `${entry.key} as ${who}: ${r.status} ${r.text.slice(0, 200)}`).toContain(
					r.status
				);
				expect(r.status).toBeLessThan(500);
				if (!allowed) {
					expect(await dbFingerprint(api.db), `${entry.key} as ${who} changed the database`).toBe(
						before
					);
					expect(r.text).not.toMatch(/SELECT|INSERT|at .*\.js:\d+/);
				}
				if (allowed && exp.endsSession) cookies.delete(who);
			}
		});
	}
	it('has zero mismatches in all', () => {
		expect(mismatches).toEqual([]);
	});
});

describe('cross-subdistrict canaries', () => {
	const CANARIES = [
		'CANARY-B-王小明',
		'13700001111',
		'canary-b@example.cn',
		'CANARY-B-金色家园3号楼'
	];

	it('no GET route shows subdistrict B personal data to A staff, B-less leaders or the public', async () => {
		const subs = await api.db.query<{ code: string }>(
			"SELECT code FROM admin_area WHERE level = 'subdistrict' ORDER BY code"
		);
		const [a, b] = [subs[0]!.code, subs[1]!.code];
		const [inc] = await api.db.query<{ id: number; grid_cell_id: number }>(
			'SELECT id, grid_cell_id FROM incident WHERE subdistrict_code = $1 AND grid_cell_id IS NOT NULL ORDER BY id LIMIT 1',
			[b]
		);
		await withSystemRole(api.db).transaction(async (tx) => {
			await tx.query('DELETE FROM incident_contact WHERE incident_id = $1', [inc!.id]);
			await tx.query(
				'INSERT INTO incident_contact (incident_id, name, phone, email) VALUES ($1, $2, $3, $4)',
				[inc!.id, CANARIES[0], CANARIES[1], CANARIES[2]]
			);
			await tx.query(
				`INSERT INTO household (grid_cell_id, subdistrict_code, head_name, phone, address, living_alone)
				 VALUES ($1, $2, $3, $4, $5, true)`,
				[inc!.grid_cell_id, b, CANARIES[0], CANARIES[1], CANARIES[3]]
			);
		});
		const admin = await api.login('demo-admin');
		for (const [username, role] of [
			['canary-op-a', 'operator'],
			['canary-sup-a', 'supervisor'],
			['canary-gw-a', 'gridworker']
		]) {
			const r = await api.request('POST', '/api/admin/users', {
				cookie: admin,
				sameOrigin: true,
				body: { username, displayName: username, password: 'canary-password-1', role, scope: [a] }
			});
			expect(r.status).toBe(201);
		}
		const viewers: (string | null)[] = [
			null,
			await api.login(`demo-leader-${a}`),
			await api.login('canary-op-a', 'canary-password-1'),
			await api.login('canary-sup-a', 'canary-password-1'),
			await api.login('canary-gw-a', 'canary-password-1'),
			await api.login('demo-leader'),
			await api.login('demo-planner')
		];
		const gets = manifest.filter((m) => m.method === 'GET');
		let fetched = 0;
		for (const cookie of viewers) {
			for (const entry of gets) {
				const exp = EXPECTED[entry.key];
				const p = exp?.sample?.path?.(ctx) ?? entry.route;
				for (const url of [
					p,
					`${p}${p.includes('?') ? '&' : '?'}q=${encodeURIComponent(CANARIES[0]!)}&subdistrict=${b}&format=csv`
				]) {
					const r = await api.request('GET', url, { cookie });
					fetched++;
					expect(r.status).toBeLessThan(500);
					for (const c of CANARIES) expect(r.text, `${url} leaked ${c}`).not.toContain(c);
				}
			}
		}
		expect(fetched).toBeGreaterThan(20);
	});
});
