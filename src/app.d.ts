import type { Actor } from '$lib/domain/actor';
import type { Db } from '$lib/server/db/types';

declare global {
	namespace App {
		interface Error {
			message: string;
			errorId?: string;
		}
		interface Locals {
			db: Db;
			actor: Actor;
		}
	}
}

export {};
