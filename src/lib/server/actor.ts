import type { Actor } from '../domain/actor';
import type { Config } from './config';

/** The configured development actor, used until sign-in exists. */
export function devActor(config: Pick<Config, 'DEV_ACTOR_ROLE' | 'DEV_ACTOR_SCOPE'>): Actor {
	return {
		role: config.DEV_ACTOR_ROLE,
		scope: config.DEV_ACTOR_SCOPE === 'all' ? 'all' : config.DEV_ACTOR_SCOPE.split(','),
		userId: null,
		username: 'dev'
	};
}
