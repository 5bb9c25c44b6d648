// `npm start`: serve the app. Builds it first when there is no build yet, loads .env if present,
// then runs the adapter-node server in this process (it handles SIGTERM/SIGINT gracefully).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const hasEnvFile = fs.existsSync('.env');
if (hasEnvFile) process.loadEnvFile('.env');
process.env.PORT ??= '3000';
// adapter-node's cap on any request body. Residents' reports carry up to 3 photos of 8 MB each;
// JSON API bodies keep their own, smaller cap (JSON_BODY_LIMIT_BYTES, enforced in the hooks).
process.env.BODY_SIZE_LIMIT ??= '26M';

// The laptop demo: with no .env, no DATABASE_URL and not in production, the first seed creates
// the demo accounts (one per role) with a known password — and the server then listens on
// localhost only, so nobody else on the network can sign in as demo-admin.
const laptopDemo =
	!hasEnvFile && !process.env.DATABASE_URL && process.env.NODE_ENV !== 'production';
if (laptopDemo && process.env.DEMO_PASSWORD === undefined) {
	process.env.DEMO_PASSWORD = 'demo-jiedao-2026';
	process.env.HOST ??= '127.0.0.1';
	console.log(
		'Demo accounts (created on the first start of an empty database), password demo-jiedao-2026:\n' +
			'  demo-operator, demo-supervisor, demo-planner, demo-leader, demo-admin, demo-gridworker,\n' +
			'  demo-leader-<subdistrict code> (e.g. demo-leader-370102001000)'
	);
}

if (!fs.existsSync('build/index.js')) {
	console.log('No build found: building the app (first start only)…');
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
}
console.log(`Starting Jiedao on http://localhost:${process.env.PORT}`);
await import('../build/index.js');
