/**
 * What every part of the case service shares: options, the query runner, the input pieces, the
 * shapes of a case and its timeline, and the scoped read of one case with its history.
 */
import { z } from 'zod';
import { scopeParam, type Actor } from '../../domain/actor';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../domain/calendar';
import {
	availableActionsForAppRole,
	type CaseAction,
	type CaseRole,
	type CaseState,
	type CaseStateOrNew,
	type JointPartState,
	type SlaStage
} from '../../domain/cases';
import {
	categoryByCode,
	departmentByCode,
	stageLimit,
	type Category
} from '../../domain/categories';
import { urgency, type UrgencyTier } from '../../domain/sla';
import type { Queryable, Row } from '../db';
import { DbError } from '../db';
import type { IncidentContact } from '../auth/personal';
import type { CaseEvent } from '../seed/lifecycle';
import { sql } from '../sql';
import { IncidentError } from './errors';

/** Options every service call accepts; `now` and `calendar` exist for tests and batch jobs. */
export interface ServiceOptions {
	now?: Date;
	calendar?: WorkingCalendar;
}

/** Options of a write: the photos to store with its event (already processed, ≤ 3). */
export interface WriteOptions extends ServiceOptions {
	photos?: readonly StoredPhotoInput[];
}

export async function run<T extends Row = Row>(
	db: Queryable,
	attempt: string,
	name: string,
	params: readonly unknown[]
): Promise<T[]> {
	try {
		return await db.query<T>(sql(`incidents/${name}`), params);
	} catch (e) {
		throw e instanceof DbError ? e : new DbError(attempt, e);
	}
}

export const categoryCode = z
	.string()
	.regex(/^[12][0-9]{4}$/, 'must be a 5-digit subcategory code')
	.refine((c) => categoryByCode(c) !== undefined, 'unknown category');
export const departmentCode = z
	.string()
	.refine((c) => departmentByCode(c) !== undefined, 'unknown department');
export const lon = z.number().finite().min(-180).max(180);
export const lat = z.number().finite().min(-90).max(90);

export function categoryOf(code: string): Category {
	const c = categoryByCode(code);
	if (!c) throw new IncidentError(400, 'invalid', `category: unknown category ${code}`);
	return c;
}

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const toMs = (v: unknown): number | null =>
	v === null || v === undefined ? null : new Date(v as string | Date).getTime();

/** What an event records besides the move itself. */
export interface EventExtras {
	/** Names of the photos stored with this event. */
	photos?: readonly string[];
	/** The duty-list rule that chose the department of a dispatch. */
	routingRuleId?: number | null;
}

export async function appendEvent(
	tx: Queryable,
	id: number,
	e: CaseEvent,
	userId: number | null,
	extras: EventExtras = {}
) {
	await run(tx, `recording '${e.action}' on case ${id}`, 'event_insert', [
		id,
		e.action,
		e.from,
		e.to,
		e.role,
		userId,
		e.department,
		e.note,
		new Date(e.at),
		extras.photos && extras.photos.length > 0 ? [...extras.photos] : null,
		extras.routingRuleId ?? null
	]);
}

/** A photo as the case service stores it (see reporting/photos.ts for how it is made). */
export interface StoredPhotoInput {
	name: string;
	mime: string;
	width: number;
	height: number;
	bytes: Uint8Array;
}

/** Stores a case's photos (at most a few, in the caller's transaction); @returns their names. */
export async function storePhotos(
	tx: Queryable,
	id: number,
	photos: readonly StoredPhotoInput[]
): Promise<string[]> {
	for (const p of photos) {
		await run(tx, `storing a photo of case ${id}`, 'photo_insert', [
			id,
			p.name,
			p.mime,
			p.width,
			p.height,
			p.bytes
		]);
	}
	return photos.map((p) => p.name);
}

/** One event of a case's timeline. */
export interface TimelineEvent {
	seq: number;
	action: CaseAction;
	from: CaseStateOrNew;
	to: CaseState;
	role: CaseRole;
	userId: number | null;
	department: string | null;
	note: string | null;
	at: string;
	/** Names of the photos taken with this event (GET /api/incidents/{id}/photos/{name}). */
	photos: string[];
}

/** One department's part of a dispatch. */
export interface IncidentPart {
	department: string;
	state: JointPartState;
	dispatchedAt: string;
	acknowledgedAt: string | null;
	handledAt: string | null;
}

export interface Incident {
	id: number;
	number: string;
	trackingCode: string;
	categoryCode: string;
	source: string;
	state: CaseState;
	priority: number;
	description: string;
	address: string | null;
	lon: number;
	lat: number;
	gridCellId: number | null;
	communityCode: string | null;
	subdistrictCode: string | null;
	departmentCode: string | null;
	mergedInto: number | null;
	stage: SlaStage | null;
	stageStartedAt: string | null;
	deadlineAt: string | null;
	dueAt: string | null;
	reportedAt: string;
	filedAt: string | null;
	dispatchedAt: string | null;
	respondedAt: string | null;
	handledAt: string | null;
	closedAt: string | null;
	closedOnTime: boolean | null;
	reworkCount: number;
	returnCount: number;
	extended: boolean;
	version: number;
	updatedAt: string;
	urgency: UrgencyTier | null;
}

export interface IncidentDetail extends Incident {
	events: TimelineEvent[];
	parts: IncidentPart[];
	/** The actions the reader's role may take now (the UI's buttons). */
	actions: CaseAction[];
	/** The reporter's contact: only for roles that may read it, audited; null otherwise. */
	contact: Omit<IncidentContact, 'incidentId'> | null;
}

const TIME_FIELDS = [
	'stageStartedAt',
	'deadlineAt',
	'dueAt',
	'reportedAt',
	'filedAt',
	'dispatchedAt',
	'respondedAt',
	'handledAt',
	'closedAt',
	'updatedAt'
] as const;

function urgencyOf(
	row: {
		categoryCode: string;
		stage: SlaStage | null;
		stageStartedAt: unknown;
		deadlineAt: unknown;
	},
	now: Date,
	cal: WorkingCalendar
): UrgencyTier | null {
	const start = toMs(row.stageStartedAt);
	const deadline = toMs(row.deadlineAt);
	const category = categoryByCode(row.categoryCode);
	if (start === null || deadline === null || row.stage === null || !category) return null;
	const natural = stageLimit(category, row.stage).clock === 'natural';
	return urgency(now, new Date(start), new Date(deadline), { calendar: natural ? null : cal });
}

export function shapeIncident(row: Row, now: Date, cal: WorkingCalendar): Incident {
	const out: Record<string, unknown> = { ...row };
	for (const f of TIME_FIELDS) out[f] = iso(toMs(row[f]));
	out.urgency = urgencyOf(row as Parameters<typeof urgencyOf>[0], now, cal);
	return out as unknown as Incident;
}

export function shapeEvent(row: Row): TimelineEvent {
	return { ...row, at: iso(toMs(row.at)) } as unknown as TimelineEvent;
}

export function shapePart(row: Row): IncidentPart {
	return {
		department: row.department as string,
		state: row.state as JointPartState,
		dispatchedAt: iso(toMs(row.dispatchedAt))!,
		acknowledgedAt: iso(toMs(row.acknowledgedAt)),
		handledAt: iso(toMs(row.handledAt))
	};
}

export async function loadDetail(
	tx: Queryable,
	actor: Actor,
	id: number,
	opts: ServiceOptions
): Promise<Omit<IncidentDetail, 'contact'> | null> {
	const [row] = await run(tx, `reading case ${id}`, 'get', [id, scopeParam(actor)]);
	if (!row) return null;
	const events = await run(tx, `reading the timeline of case ${id}`, 'events', [id]);
	const parts = await run(tx, `reading the parts of case ${id}`, 'parts', [id]);
	const incident = shapeIncident(row, opts.now ?? new Date(), opts.calendar ?? DEFAULT_CALENDAR);
	return {
		...incident,
		events: events.map(shapeEvent),
		parts: parts.map(shapePart),
		actions: availableActionsForAppRole(actor.role, incident.state)
	};
}
