import { can } from '$lib/domain/permissions';
import type { LayoutServerLoad } from './$types';

/** Who is signed in, for the header (no personal data beyond the user's own display name). */
export const load: LayoutServerLoad = ({ locals }) => {
	return {
		account: locals.session ? { displayName: locals.session.displayName } : null,
		nav: {
			planner: can(locals.actor, 'analysis.run'),
			leader: can(locals.actor, 'indicators.read'),
			admin: can(locals.actor, 'user.manage')
		}
	};
};
