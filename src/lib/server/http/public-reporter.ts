import type { RequestEvent } from '@sveltejs/kit';
import type { Reporter } from '../services/open311/public-reports';

/** Who sends a public report: the client address, and the device id the page keeps (`X-Sanimap-Device`). */
export function reporterOf(event: Pick<RequestEvent, 'request' | 'getClientAddress'>): Reporter {
	const device = event.request.headers.get('x-sanimap-device');
	return { address: event.getClientAddress(), device: device && /^[A-Za-z0-9_-]{8,64}$/.test(device) ? device : null };
}
