// `npm run create-admin -- --username x --password-file f [--display-name "…"]`: create an admin
// account (or, when the username exists, reset its password and make it an enabled admin).
// The password comes from a file (or '-' for stdin), never from the command line, where it would
// land in the shell history and the process list.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/lib/server/config';
import { openDb } from '../src/lib/server/db';
import { migrate } from '../src/lib/server/db/migrate';
import { sql } from '../src/lib/server/sql';
import { SYSTEM_ACTOR } from '../src/lib/server/auth/demo-users';
import {
	createUser,
	passwordSchema,
	resetPassword,
	updateUser,
	usernameSchema
} from '../src/lib/server/auth/users';
import { assertSafeDbRole } from '../src/lib/server/auth/bootstrap';

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

const { values } = parseArgs({
	options: {
		username: { type: 'string' },
		'password-file': { type: 'string' },
		'display-name': { type: 'string' }
	}
});
if (!values.username || !values['password-file']) {
	fail(
		'usage: npm run create-admin -- --username NAME --password-file FILE|- [--display-name TEXT]'
	);
}
const username = usernameSchema.safeParse(values.username);
if (!username.success) fail(`--username: ${username.error.issues[0]?.message}`);
const raw = fs.readFileSync(values['password-file'] === '-' ? 0 : values['password-file'], 'utf8');
const password = passwordSchema.safeParse(raw.replace(/\r?\n$/, ''));
if (!password.success) fail(`password: ${password.error.issues[0]?.message}`);

if (fs.existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfig();
const db = await openDb(config);
try {
	await assertSafeDbRole(db, config);
	await migrate(db);
	const [existing] = await db.query<{ id: number }>(sql('auth/user_by_username'), [username.data]);
	if (existing) {
		await updateUser(db, SYSTEM_ACTOR, existing.id, {
			role: 'admin',
			scope: 'all',
			disabled: false
		});
		await resetPassword(db, SYSTEM_ACTOR, existing.id, password.data);
		console.log(`Updated ${username.data}: admin, enabled, new password.`);
	} else {
		await createUser(db, SYSTEM_ACTOR, {
			username: username.data,
			displayName: values['display-name'] ?? username.data,
			password: password.data,
			role: 'admin',
			scope: 'all'
		});
		console.log(`Created admin ${username.data}.`);
	}
} finally {
	await db.close();
}
