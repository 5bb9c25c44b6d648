import { can } from '$lib/domain/permissions';
import type { PageServerLoad } from './$types';

/** Which of the operations map's layers the reader may see (the others are not offered). */
export const load: PageServerLoad = ({ locals }) => {
	return {
		layers: {
			incidents: can(locals.actor, 'incident.read'),
			sensors: can(locals.actor, 'sensor.read')
		}
	};
};
