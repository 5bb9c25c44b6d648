import type { Actor, Role } from '../domain/actor';
import type { Config } from './config';

/**
 * The development actor: who a signed-out visitor acts as when DEV_ACTOR_ROLE is set explicitly
 * (never by default; config refuses it with NODE_ENV=production). Null when not configured:
 * signed-out visitors are then anonymous and must sign in.
 */
export function devActor(config: Pick<Config, 'DEV_ACTOR_ROLE' | 'DEV_ACTOR_SCOPE'>): Actor | null {
	const role: Role | undefined = config.DEV_ACTOR_ROLE;
	if (!role || role === 'public') return null;
	return {
		role,
		scope: config.DEV_ACTOR_SCOPE === 'all' ? 'all' : config.DEV_ACTOR_SCOPE.split(','),
		userId: null,
		username: 'dev'
	};
}
