/** The sensor pages' access rule: sensor.read, else sign in (anonymous) or 403. */
import { error, redirect } from '@sveltejs/kit';
import type { Actor } from '../../domain/actor';
import { can } from '../../domain/permissions';

/**
 * Anonymous → sign in first; signed in without `sensor.read` → 403.
 *
 * @param actor - the viewer
 * @param url - the page's URL (to come back to after signing in)
 * @example
 * requireSensorPage(locals.actor, url);
 */
export function requireSensorPage(actor: Actor, url: URL): void {
	if (can(actor, 'sensor.read')) return;
	if (actor.userId === null && actor.role === 'public') {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	error(403, { message: 'Forbidden' });
}
