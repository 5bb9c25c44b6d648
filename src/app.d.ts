import type { Actor } from '$lib/domain/actor';
import type { Db } from '$lib/server/db/types';
import type { Config } from '$lib/server/config';

declare global {
	namespace App {
		interface Error {
			message: string;
			errorId?: string;
		}
		interface Locals {
			db: Db;
			/** Who is asking: the signed-in user, or ANONYMOUS. */
			actor: Actor;
			config: Config;
			/** The client's address (socket peer; X-Forwarded-For only via TRUSTED_PROXY). */
			client: string;
			/** The signed-in session (null when anonymous or the development actor). */
			session: { token: string; displayName: string; expiresAt: Date } | null;
		}
	}
}

export {};
