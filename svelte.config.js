import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// BUILD_DIR / SVELTEKIT_OUT_DIR let parallel work trees build side by side (default build/, .svelte-kit/).
		adapter: adapter({ out: process.env.BUILD_DIR ?? 'build', precompress: true }),
		outDir: process.env.SVELTEKIT_OUT_DIR ?? '.svelte-kit',
		// Type-check the CLI scripts too (db:migrate, db:seed, create-admin).
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push('../scripts/**/*.ts');
			}
		},
		// Cross-site request refusal lives in one place, src/lib/server/http/guard.ts (hooks), which
		// also exempts the machine endpoints (device ingestion, Open311) that SvelteKit's check cannot.
		csrf: { trustedOrigins: ['*'] },
		// The CSP is set per response in hooks.server.ts (security headers live in one place).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'blob:', 'wasm-unsafe-eval'],
				'worker-src': ['self', 'blob:'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self'],
				'font-src': ['self', 'data:'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
