// Runs after `npm install`: generate SvelteKit's types and the compiled i18n messages,
// so type-checking and tests work before the first build.
import { execFileSync } from 'node:child_process';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run('npx', ['svelte-kit', 'sync']);
run('npx', [
	'paraglide-js',
	'compile',
	'--project',
	'./project.inlang',
	'--outdir',
	'./src/lib/paraglide',
	'--strategy',
	'cookie',
	'baseLocale'
]);
