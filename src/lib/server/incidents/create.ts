/** Creating a case: one report, placed by the database, in one transaction. */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { can as roleCan, caseRolesFor, transition, type CaseState } from '../../domain/cases';
import { requireCapability, PermissionError } from '../../domain/permissions';
import type { Db } from '../db';
import { setActor } from '../auth/rls';
import { derive, SOURCES, type CaseEvent } from '../seed/lifecycle';
import type { Row } from '../db';
import { IncidentError } from './errors';
import {
	appendEvent,
	categoryCode,
	categoryOf,
	iso,
	lat,
	lon,
	run,
	storePhotos,
	type WriteOptions
} from './common';
import { workingCalendar } from './calendar';

export const createIncidentSchema = z
	.object({
		category: categoryCode,
		lon,
		lat,
		description: z.string().trim().min(1, 'must not be empty').max(4000),
		address: z.string().trim().max(200).optional(),
		priority: z.number().int().min(1).max(3).default(2),
		source: z.enum(SOURCES).optional(),
		contact: z
			.object({
				name: z.string().trim().max(100).optional(),
				phone: z
					.string()
					.trim()
					.max(40)
					.regex(/^[0-9+\-() ]*$/, 'must be a phone number')
					.optional(),
				email: z.string().trim().max(200).email().optional()
			})
			.strict()
			.optional()
	})
	.strict();
export type CreateIncidentInput = z.input<typeof createIncidentSchema>;

/** What the reporter gets back; the public sees only the tracking code and number. */
export interface CreatedIncident {
	id: number;
	number: string;
	trackingCode: string;
	state: CaseState;
	subdistrictCode: string;
	deadlineAt: string | null;
	version: number;
}

const TRACKING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 10 characters from an alphabet without look-alikes (0/O, 1/I): ~50 bits from crypto. */
export function newTrackingCode(): string {
	let s = '';
	for (let i = 0; i < 10; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
	return s;
}

/** The source a report gets: residents and grid workers cannot claim another channel. */
function sourceFor(actor: Actor, asked: (typeof SOURCES)[number] | undefined) {
	if (actor.role === 'public') return 'resident';
	if (actor.role === 'gridworker') return 'gridworker';
	return asked ?? 'hotline';
}

/**
 * Files a new case: validated, placed by the database, one 'report' event on the filing clock,
 * the contact (if any), the photos (if any, listed on the event) and one change_log row — all in
 * one transaction.
 * @throws ZodError (400) naming the field; IncidentError 400 when the point is outside the district
 */
export async function createIncident(
	db: Db,
	actor: Actor,
	input: unknown,
	opts: WriteOptions = {}
): Promise<CreatedIncident> {
	requireCapability(actor, 'incident.create');
	const body = createIncidentSchema.parse(input);
	const category = categoryOf(body.category);
	const role = caseRolesFor(actor.role).find((r) => roleCan(r, null, 'report'));
	if (!role) throw new PermissionError(403, 'incident.create');
	transition(role, null, 'report');
	const cal = opts.calendar ?? (await workingCalendar(db));
	const now = opts.now ?? new Date();
	const event: CaseEvent = {
		action: 'report',
		from: null,
		to: 'reported',
		role,
		department: null,
		note: null,
		at: now.getTime()
	};
	const d = derive([event], category, cal);
	return db.transaction(async (tx) => {
		await setActor(tx, actor);
		const [row] = await run<{ id: number; number: string; subdistrictCode: string | null }>(
			tx,
			'creating a case',
			'insert',
			[
				newTrackingCode(),
				category.code,
				sourceFor(actor, body.source),
				body.priority,
				body.description,
				body.address ?? null,
				body.lon,
				body.lat,
				d.stage,
				now,
				iso(d.deadlineAt)
			]
		);
		if (!row || row.subdistrictCode === null) {
			// why: the placement trigger leaves the subdistrict empty outside the district; throwing
			// rolls the insert back.
			throw new IncidentError(
				400,
				'outside_district',
				'lon/lat: the location is outside the district'
			);
		}
		const c = body.contact;
		if (c && (c.name || c.phone || c.email)) {
			await run(tx, 'saving the reporter contact', 'contact_insert', [
				row.id,
				c.name || null,
				c.phone || null,
				c.email || null
			]);
		}
		const photos = await storePhotos(tx, row.id, opts.photos ?? []);
		await appendEvent(tx, row.id, event, actor.userId, { photos });
		await run(tx, 'publishing the new case', 'change_log_insert', [
			row.id,
			'insert',
			row.subdistrictCode
		]);
		const [created] = await run<Row>(tx, 'reading the new case', 'get', [row.id, null]);
		return {
			id: row.id,
			number: row.number,
			trackingCode: created!.trackingCode as string,
			state: 'reported',
			subdistrictCode: row.subdistrictCode,
			deadlineAt: iso(d.deadlineAt),
			version: created!.version as number
		};
	});
}
