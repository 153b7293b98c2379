/**
 * A request sent again after its answer was lost (a phone that lost the connection while the
 * server stored its edit) must not be stored twice: a report would be filed twice, a change would
 * collide with itself. So `POST /api/edits` takes an `Idempotency-Key` header
 * (draft-ietf-httpapi-idempotency-key-header): the changeset stored for it keeps the key, unique
 * per user, and a digest of the request; the same key again is answered from that changeset, and
 * the same key with another request is refused.
 */
import { createHash } from 'node:crypto';
import { REQUEST_KEY } from '../../../domain/api-types';
import type { ChangesetInput } from '../../repositories/changeset-input';
import type { AppliedChangeset, AppliedFeature } from '../../store/changeset-engine';
import type { ChangesetStore } from '../../store/types';
import { ServiceError } from '../service-error';

export const REQUEST_KEY_HEADER = 'idempotency-key';

export type RequestKey = NonNullable<ChangesetInput['request']>;

/** The key a request names, with the digest of what it asks (its parsed body); undefined without the header. */
export function requestKeyOf(headers: Headers, body: unknown): RequestKey | undefined {
	const key = headers.get(REQUEST_KEY_HEADER);
	if (key === null) return undefined;
	if (!REQUEST_KEY.test(key)) throw new ServiceError('invalid', 'edits.request-key', 'The Idempotency-Key header must be 1 to 100 letters, digits, ".", "_", ":" or "-".');
	return { key, digest: createHash('sha256').update(JSON.stringify(body)).digest('base64url') };
}

/**
 * The changeset already stored for this user's key, answered as it was then (each feature at the
 * version it wrote), or null. Throws when the key was used for a different request.
 */
export async function storedFor(changesets: ChangesetStore, userId: number, request: RequestKey): Promise<AppliedChangeset | null> {
	const stored = await changesets.byRequest(userId, request.key);
	if (!stored) return null;
	if (stored.digest !== request.digest) {
		throw new ServiceError('cannot-apply', 'edits.request-key-reused', `The Idempotency-Key "${request.key}" was used for another request (changeset ${stored.changeset.id}). Use a new key for each request.`, { changesetId: stored.changeset.id });
	}
	const results: AppliedFeature[] = [];
	for (const written of stored.changeset.features) {
		const versions = await changesets.history(written.featureId);
		const v = versions.find((x) => x.version === written.version)!;
		results.push({
			id: written.featureId,
			kind: v.kind,
			geometry: v.geometry,
			properties: v.properties,
			version: v.version,
			createdAt: versions[0].createdAt,
			createdBy: versions[0].author,
			updatedAt: v.createdAt,
			updatedBy: v.author,
			...(v.action === 'delete' ? { deleted: true } : {})
		});
	}
	return { changeset: stored.changeset, results };
}
