/**
 * The reporting path shared by residents (/report, no login) and grid workers (/field): a
 * multipart form → validated fields, processed photos → one case with its photos in one
 * transaction (createIncident). The source follows the actor (resident, grid worker), never the
 * form.
 */
import { ZodError } from 'zod';
import type { Actor } from '../../domain/actor';
import { requireCapability } from '../../domain/permissions';
import { RateLimiter } from '../auth/rate-limit';
import type { Db } from '../db';
import { createIncident, createIncidentSchema, type CreatedIncident } from '../incidents/create';
import { IncidentError } from '../incidents/errors';
import { PHOTO_LIMITS, processPhotos } from './photos';

let limiter: { perMinute: number; limiter: RateLimiter } | undefined;

/**
 * Takes one report token for an anonymous client (signed-in staff are not limited here).
 * @returns 0 when allowed, else the seconds to wait
 */
export function takeReportToken(perMinute: number, client: string): number {
	if (!limiter || limiter.perMinute !== perMinute) {
		limiter = { perMinute, limiter: new RateLimiter(perMinute) };
	}
	return limiter.limiter.take(client);
}

const text = (form: FormData, key: string): string | undefined => {
	const v = form.get(key);
	return typeof v === 'string' && v.trim() !== '' ? v : undefined;
};

/** A decimal degree from a form field; anything else stays text so zod names the field. */
const degree = (form: FormData, key: string): unknown => {
	const v = text(form, key);
	return v !== undefined && /^-?[0-9]{1,3}(\.[0-9]{1,12})?$/.test(v.trim()) ? Number(v) : v;
};

/** The uploaded files of a multipart field (empty file inputs send a nameless 0-byte part). */
export async function readPhotoFiles(form: FormData, key = 'photos'): Promise<Uint8Array[]> {
	const files = form.getAll(key).filter((f): f is File => f instanceof File && f.size > 0);
	if (files.length > PHOTO_LIMITS.maxCount) {
		throw new IncidentError(400, 'invalid', `${key}: at most ${PHOTO_LIMITS.maxCount} photos`);
	}
	for (const [i, f] of files.entries()) {
		// why: refuse on the declared size before reading the bytes into memory.
		if (f.size > PHOTO_LIMITS.maxBytes) {
			throw new IncidentError(
				413,
				'photo_too_large',
				`${key}[${i}]: larger than ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB`
			);
		}
	}
	return Promise.all(files.map(async (f) => new Uint8Array(await f.arrayBuffer())));
}

/** The case fields of a report form, as createIncidentSchema expects them. */
export function reportInput(form: FormData): Record<string, unknown> {
	const name = text(form, 'name');
	const phone = text(form, 'phone');
	return {
		category: text(form, 'category') ?? '',
		lon: degree(form, 'lon'),
		lat: degree(form, 'lat'),
		description: text(form, 'description') ?? '',
		address: text(form, 'address'),
		contact: name || phone ? { name, phone } : undefined
	};
}

/**
 * Files a report from a form: fields validated, photos checked and re-encoded, then the case,
 * its photos and its first event in one transaction.
 * @throws ZodError 400 naming the field; IncidentError 400 (outside the district, bad photo),
 *   413 (photo too large), 415 (not an image); PermissionError for a role that may not report
 */
export async function submitReport(db: Db, actor: Actor, form: FormData): Promise<CreatedIncident> {
	// why: refuse before validating, so a refused caller learns nothing from the form checks.
	requireCapability(actor, 'incident.create');
	// why: cheap field checks first, so a bad form never costs an image decode.
	const input = createIncidentSchema.parse(reportInput(form));
	const files = await readPhotoFiles(form);
	const photos = await processPhotos(files);
	return createIncident(db, actor, input, { photos });
}

/** The form fields a refusal is about (for the page to mark them), from a zod error. */
export function invalidFields(e: unknown): string[] {
	if (e instanceof ZodError) {
		const field = (path: readonly PropertyKey[]) =>
			String((path[0] === 'contact' ? path[1] : path[0]) ?? '');
		return [...new Set(e.issues.map((i) => field(i.path)))].filter((f) => f !== '');
	}
	if (e instanceof IncidentError) {
		const field = /^([a-z]+)(\[[0-9]+\])?(\/[a-z]+)?:/.exec(e.message)?.[1];
		return field ? [field] : [];
	}
	return [];
}
