/**
 * PGlite has no lock between processes: two processes on one data directory silently lose
 * commits. We take an exclusive lock file next to the data and fail fast if another live
 * process holds it. A lock left by a crashed process (its PID is gone) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
	constructor(dir: string, pid: number) {
		super(
			`The PGlite data directory ${dir} is in use by another process (PID ${pid}). ` +
				`Stop that process, or set PGLITE_DATA_DIR to another directory.`
		);
		this.name = 'DataDirLockedError';
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Takes the lock; returns a function that releases it. */
export function lockDataDir(dir: string): () => void {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(path.dirname(path.resolve(dir)), `.${path.basename(dir)}.lock`);
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = fs.openSync(file, 'wx');
			fs.writeSync(fd, String(process.pid));
			fs.closeSync(fd);
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				try {
					if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
				} catch (e) {
					if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
				}
			};
			process.once('exit', release);
			return release;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const pid = Number(fs.readFileSync(file, 'utf8').trim());
			// Our own PID counts as held: two PGlite instances in one process corrupt data just the same.
			if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
				throw new DataDirLockedError(dir, pid);
			}
			// Stale lock from a process that died: remove it and try once more.
			fs.rmSync(file, { force: true });
		}
	}
	throw new Error(`Could not lock the PGlite data directory ${dir}`);
}
