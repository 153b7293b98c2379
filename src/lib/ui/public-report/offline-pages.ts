/**
 * The report page and its tracking pages open without a connection once visited: they register the
 * app's service worker (src/service-worker.ts) for their own scope, apart from field mode's, so a
 * resident's phone keeps these pages and nothing of the staff's layers.
 */
import { dev } from '$app/environment';

export function keepReportPagesOffline(): void {
	if (dev || !('serviceWorker' in navigator)) return;
	navigator.serviceWorker.register('/service-worker.js', { scope: '/report-issue' }).catch((e) => console.warn('service worker', e));
}
