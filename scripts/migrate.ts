// `npm run db:migrate`: apply pending migrations to the configured database and exit.
import { loadConfig } from '../src/lib/server/config';
import { openDb } from '../src/lib/server/db';
import { migrate } from '../src/lib/server/db/migrate';

const config = loadConfig();
const db = await openDb(config);
try {
	const applied = await migrate(db);
	console.log(
		applied.length
			? `Applied ${applied.length} migration(s): ${applied.map((m) => `${m.version} ${m.name}`).join(', ')}`
			: 'The database is up to date.'
	);
} finally {
	await db.close();
}
