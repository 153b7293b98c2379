import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Both folders can be moved so that several builds can coexist on one machine
		// (SANIMAP_BUILD_DIR is where `node scripts/start.js` and the tests look for the server).
		adapter: adapter({ out: process.env.SANIMAP_BUILD_DIR ?? 'build' }),
		outDir: process.env.SANIMAP_KIT_DIR ?? '.svelte-kit',
		// Every write (form posts and JSON alike) gets our own origin check in hooks.server.ts
		// (src/lib/server/auth/cross-site.ts). SvelteKit's check is off ('*'): it answers in plain
		// text, not in the API's error format, and refuses a script's Bearer-token multipart upload.
		csrf: { trustedOrigins: ['*'] }
	}
};

export default config;
