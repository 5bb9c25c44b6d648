import { can } from '$lib/domain/permissions';
import type { LayoutServerLoad } from './$types';

/** Who is signed in, for the header (no personal data beyond the user's own display name). */
export const load: LayoutServerLoad = ({ locals }) => {
	return {
		account: locals.session ? { displayName: locals.session.displayName } : null,
		nav: {
			cases: can(locals.actor, 'incident.read'),
			// The operator alert queue (issue 6): whoever may read sensors.
			alerts: can(locals.actor, 'sensor.read'),
			planner: can(locals.actor, 'analysis.run'),
			leader: can(locals.actor, 'indicators.read'),
			admin: can(locals.actor, 'user.manage'),
			// Residents report at /report; grid workers at /field (their grid and tasks).
			report: locals.actor.role === 'public',
			field: locals.actor.role === 'gridworker'
		}
	};
};
