/**
 * Passwords: argon2id (@node-rs/argon2's default algorithm) with OWASP's minimum cost
 * (19 MiB, 2 passes, 1 lane). Lengths are capped so a huge "password" cannot burn the CPU.
 */
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

// why: verifying against a fixed hash when the account does not exist takes as long as a real
// check, so response time does not reveal which usernames exist.
let dummy: Promise<string> | undefined;

/** True when the password matches; false for a missing hash or any malformed input. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
	if (password.length > PASSWORD_MAX * 4) return false;
	if (!stored) {
		dummy ??= hashPassword('not-a-real-password-' + Math.random());
		await verify(await dummy, password).catch(() => false);
		return false;
	}
	try {
		return await verify(stored, password);
	} catch {
		return false;
	}
}
