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
		// The field app registers src/service-worker.ts itself, scoped to /field (src/routes/field/+page.svelte),
		// so the desktop pages are never served from its cache.
		serviceWorker: { register: false },
		// Every write (form posts and JSON alike) gets our own origin check in hooks.server.ts
		// (src/lib/server/auth/cross-site.ts). SvelteKit's check is off ('*'): it answers in plain
		// text, not in the API's error format, and refuses a script's Bearer-token multipart upload.
		csrf: { trustedOrigins: ['*'] },
		// Content-Security-Policy on every page: scripts only from us (SvelteKit adds a nonce or
		// hash to its own inline bootstrap), so a script that slips into an asset name or an
		// imported file cannot run. MapLibre runs its workers from blob: URLs and draws images from
		// data:/blob: URLs. An online basemap's origin is added at run time (src/lib/server/http/csp.ts),
		// since it is configured by the environment, not at build time.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Svelte and MapLibre set style attributes; styles cannot run code.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'child-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
