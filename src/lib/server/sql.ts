/**
 * SQL is code in .sql files: one statement per file under sql/queries/<area>/, loaded once.
 * `sql('places/health')` returns the text of sql/queries/places/health.sql.
 */
import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;
const cache = new Map<string, string>();

/** The sql/ directory: SQL_DIR if set (for deployments that move it), else ./sql. */
export function sqlRoot(): string {
	root ??= path.resolve(process.env.SQL_DIR ?? 'sql');
	return root;
}

export function sql(name: string): string {
	let text = cache.get(name);
	if (text === undefined) {
		if (!/^[a-z0-9_]+\/[a-z0-9_]+$/.test(name)) throw new Error(`Bad query name ${name}`);
		text = fs.readFileSync(path.join(sqlRoot(), 'queries', `${name}.sql`), 'utf8');
		cache.set(name, text);
	}
	return text;
}

/** Reads every query file once, so a missing file fails at start-up, not on first use. */
export function preloadSql(): number {
	const dir = path.join(sqlRoot(), 'queries');
	let n = 0;
	for (const area of fs.readdirSync(dir)) {
		for (const f of fs.readdirSync(path.join(dir, area))) {
			if (f.endsWith('.sql')) {
				sql(`${area}/${f.slice(0, -4)}`);
				n++;
			}
		}
	}
	return n;
}
