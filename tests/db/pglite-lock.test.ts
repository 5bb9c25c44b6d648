/**
 * PGlite has no lock between processes; two on one data dir silently lose commits. The driver
 * takes a lock: a second process fails fast with a clear message and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/lib/server/db/pglite';
import { DataDirLockedError } from '../../src/lib/server/db/lock';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jiedao-lock-'));
const dir = path.join(tmp, 'pglite');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Opens the data dir from another Node process, writes a row, and reports. */
function openInChild(): { status: number | null; out: string; ms: number } {
	const code = `
		const { openPglite } = await import(${JSON.stringify(path.resolve('src/lib/server/db/pglite.ts'))});
		try {
			const db = await openPglite({ dataDir: ${JSON.stringify(dir)} });
			await db.exec("CREATE TABLE IF NOT EXISTS t (x int); INSERT INTO t VALUES (2);");
			await db.close();
			console.log('OPENED');
		} catch (e) { console.log(e.message); process.exit(3); }
	`;
	const t0 = Date.now();
	const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
		encoding: 'utf8',
		timeout: 170_000
	});
	return { status: r.status, out: r.stdout + r.stderr, ms: Date.now() - t0 };
}

describe('PGlite data-dir lock', () => {
	it('a second process fails fast with a clear message while the first has it open', async () => {
		const db = await openPglite({ dataDir: dir });
		await db.exec('CREATE TABLE t (x int); INSERT INTO t VALUES (1);');
		const child = openInChild();
		expect(child.status).toBe(3);
		expect(child.out).toMatch(/in use by another process \(PID \d+\)/);
		// A second open in the same process is refused as well.
		await expect(openPglite({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
		const rows = await db.query<{ x: number }>('SELECT x FROM t ORDER BY x');
		expect(rows).toEqual([{ x: 1 }]);
		await db.close();

		// Released on close: now the other process may open it, and its write is kept.
		const again = openInChild();
		expect(again.out).toContain('OPENED');
		const db2 = await openPglite({ dataDir: dir });
		expect(await db2.query('SELECT x FROM t ORDER BY x')).toEqual([{ x: 1 }, { x: 2 }]);
		await db2.close();
		// Three PGlite boots (two in child processes): slow on a loaded 2-core machine.
	}, 300_000);

	it('takes over a stale lock left by a process that died', async () => {
		const lockFile = path.join(tmp, '.pglite.lock');
		fs.writeFileSync(lockFile, '999999999');
		const db = await openPglite({ dataDir: dir });
		expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
		await db.close();
		expect(fs.existsSync(lockFile)).toBe(false);
	});
});
