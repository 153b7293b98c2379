import type { RequestEvent } from '@sveltejs/kit';
import { config } from '../config';
import type { ChangesetInput } from '../repositories/changesets';
import type { WriteContext } from '../services/features/feature-service';

const SOURCES = new Set(['web', 'field', 'api']);

/**
 * Who is writing and from where: the signed-in user (their username is the changeset's author,
 * their id its `userId`; routes call `requirePermission` first, so there always is one), and
 * where it comes from (web or field, said by the app in `X-Sanimap-Source`).
 */
export function writeContext(event: Pick<RequestEvent, 'request' | 'locals'>): WriteContext & Pick<ChangesetInput, 'userId'> {
	const source = event.request.headers.get('x-sanimap-source') ?? 'api';
	const comment = event.request.headers.get('x-sanimap-comment') ?? undefined;
	const user = event.locals.user;
	return {
		author: user?.username ?? 'anonymous',
		userId: user?.id ?? null,
		source: (SOURCES.has(source) ? source : 'api') as WriteContext['source'],
		comment: comment ? decodeComment(comment).slice(0, 500) : undefined,
		maxVertices: config.maxVertices,
		...(user ? { role: user.role } : {})
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
