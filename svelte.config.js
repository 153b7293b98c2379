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
		// JSON writes get their own origin check in hooks.server.ts; this covers form posts.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
