import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// JSON writes get their own origin check in hooks.server.ts; this covers form posts.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
