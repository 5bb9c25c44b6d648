// `npm start`: serve the app. Builds it first when there is no build yet, loads .env if present,
// then runs the adapter-node server in this process (it handles SIGTERM/SIGINT gracefully).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

if (fs.existsSync('.env')) process.loadEnvFile('.env');
process.env.PORT ??= '3000';

if (!fs.existsSync('build/index.js')) {
	console.log('No build found: building the app (first start only)…');
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
}
console.log(`Starting Jiedao on http://localhost:${process.env.PORT}`);
await import('../build/index.js');
