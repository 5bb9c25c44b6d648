import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// zh-CN is the default; a chosen language is remembered in a cookie.
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit()
	],
	server: { port: 3000 },
	test: {
		expect: { requireAssertions: true },
		hookTimeout: 60_000,
		testTimeout: 60_000,
		// Two cores; PGlite is single-threaded WASM, so two forks keep both busy without thrashing.
		// (Set once here: projects run together must share it.)
		pool: 'forks',
		maxWorkers: 2,
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'db',
					include: ['tests/db/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/setup/global-db.ts']
				}
			},
			{
				// HTTP tests against the BUILT app (build/handler.js, in-process): run after `vite build`.
				extends: true,
				test: {
					name: 'api',
					include: ['tests/api/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/setup/global-db.ts'],
					// Node loads the built bundle itself, not vitest's module runner.
					server: { deps: { external: [/\/build[\w-]*\//] } },
					testTimeout: 120_000,
					hookTimeout: 180_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					fileParallelism: false,
					testTimeout: 120_000,
					hookTimeout: 180_000
				}
			}
		]
	}
});
