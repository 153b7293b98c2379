import type { RequestEvent } from '@sveltejs/kit';
import { config } from '../config';
import type { WriteContext } from '../services/feature-service';

const SOURCES = new Set(['web', 'field', 'api']);

/**
 * Who is writing and from where. Until accounts exist every edit is recorded as "anonymous";
 * the app says where it comes from (web or field) in `X-Sanimap-Source`.
 */
export function writeContext(event: RequestEvent): WriteContext {
	const source = event.request.headers.get('x-sanimap-source') ?? 'api';
	const comment = event.request.headers.get('x-sanimap-comment') ?? undefined;
	return {
		author: 'anonymous',
		source: (SOURCES.has(source) ? source : 'api') as WriteContext['source'],
		comment: comment ? decodeComment(comment).slice(0, 500) : undefined,
		maxVertices: config.maxVertices
	};
}

/** Headers carry only Latin-1, so the app percent-encodes comments; a plain one ("100% done") is taken as it is. */
function decodeComment(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}
