/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker of the pages that must open without a connection: the field app (registered
 * by /field with scope /field) and the residents' report page with its tracking pages (registered
 * by them with scope /report-issue). The desktop pages are in neither scope, so they are never
 * served from it. It keeps the app shell (every built file and static file), and keeps the last
 * answer of each page and of the data it reads (field mode: layers, basemap, hardening rates;
 * the report page: the basemap and a tracked case) to fall back on when offline. Writes are never
 * cached or replayed here: the outboxes in the pages (IndexedDB) own them, so nothing is sent twice.
 */
import { build, files, version } from '$service-worker';
import { KINDS } from '$lib/domain/kinds';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `sanimap-shell-${version}`;
const DATA = 'sanimap-data';
const SHELL_FILES = new Set([...build, ...files]);

/**
 * What field mode reads when it opens: the page itself and every layer (the same URLs the page
 * asks for), kept at install so the app opens offline even if the worker goes out before the page
 * is reloaded under the service worker's control. Best effort: a failure here only means these
 * come from the network later.
 */
async function warmUp(): Promise<void> {
	const cache = await caches.open(DATA);
	// A resident's phone needs the report page only, never the layers field staff take out.
	const urls = isReportScope()
		? ['/report-issue']
		: ['/field', '/api/analysis/hardening', '/api/inspection-templates', ...KINDS.map((d) => `/api/collections/${d.collection}/items?limit=10000`)];
	await Promise.all(
		urls.map(async (path) => {
			try {
				const response = await fetch(path, { credentials: 'same-origin' });
				if (response.ok && !response.redirected) await cache.put(new URL(path, sw.location.origin).href, response);
			} catch {
				/* offline or refused: fetched later */
			}
		})
	);
}

const REPORT_PAGES = '/report-issue';
const isReportScope = () => new URL(sw.registration.scope).pathname.startsWith(REPORT_PAGES);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(SHELL)
			.then((cache) => cache.addAll([...SHELL_FILES]))
			.then(warmUp)
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key.startsWith('sanimap-shell-') && key !== SHELL) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

/** Network first; a good answer is kept (under `key`), and the kept one answers when the network fails. */
async function networkFirst(request: Request, key: string): Promise<Response> {
	const cache = await caches.open(DATA);
	try {
		const response = await fetch(request);
		if (response.ok && !response.redirected) await cache.put(key, response.clone());
		return response;
	} catch (e) {
		const kept = await cache.match(key);
		if (kept) return kept;
		throw e;
	}
}

/**
 * Reads the pages fall back on offline: field mode's layers, basemap, rates, checklists, due list,
 * who is signed in and photos; a tracked report's last known state (no contact is in it).
 */
const OFFLINE_READS = /^\/api\/(collections\/[^/]+\/items$|basemap\/|analysis\/hardening$|inspection-templates$|inspections\/due$|auth\/me$|photos\/|public\/track\/[^/]+$)/;

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (SHELL_FILES.has(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(request)));
		return;
	}
	if (request.mode === 'navigate' && url.pathname.startsWith('/field')) {
		// One copy of the page, whatever its query: it is the shell that loads the data itself.
		event.respondWith(networkFirst(request, `${url.origin}/field`));
		return;
	}
	if (request.mode === 'navigate' && (url.pathname === REPORT_PAGES || url.pathname.startsWith(`${REPORT_PAGES}/`))) {
		// Each tracking page under its own path: the page knows its token from its address.
		event.respondWith(networkFirst(request, `${url.origin}${url.pathname}`));
		return;
	}
	if (OFFLINE_READS.test(url.pathname)) event.respondWith(networkFirst(request, url.href));
});
