/**
 * What the edits waiting in the outbox will do, worked out on the phone from the edits themselves
 * (the same actions the server applies, preview-edits.ts) over the features the page holds: the
 * values each touched feature will have, which of its fields they change, the geometries to draw
 * as pending, and, per entry, its changes in the order of the server's answer (so a later edit can
 * take the version an earlier one will leave from that answer).
 */
import type { EditContext } from '../../domain/edits/action';
import type { FeatureState } from '../../domain/edits/feature-state';
import { changedFields } from '../../domain/edits/merge';
import { previewEdits, type PreviewChange } from '../../domain/edits/preview-edits';
import { kindByCollection } from '../../domain/kinds';
import type { ApiFeature } from '../api-client';
import { collectionOfEdit, targetOf } from '../state/edit-target';
import type { OutboxEntry, OutboxState } from './outbox';

export interface PendingFeature {
	/** The feature as the waiting edits leave it. */
	state: FeatureState;
	/** The fields they change (the geometry is `geometry`); every field of a feature they create. */
	fields: Set<string>;
	/** The state of the last entry that touched it. */
	entryState: OutboxState;
}

export interface PendingEdits {
	/** By feature id (created ones negative). */
	features: Map<number, PendingFeature>;
	/** Per entry (clientId): its changes, in the order of the features in its answer; absent when some edit could not be worked out here. */
	changesOf: Map<string, PreviewChange[]>;
	/** The geometries to draw while the edits wait, with the state of their entry. */
	drawn: GeoJSON.FeatureCollection;
}

const stateOf = (f: ApiFeature): FeatureState => ({ id: f.id, kind: kindByCollection(f.collection)?.kind ?? '', version: f.version, geometry: f.geometry, properties: f.properties ?? {} });

export function pendingEdits(entries: readonly OutboxEntry[], held: (collection: string, id: number) => ApiFeature | undefined, ctx: EditContext): PendingEdits {
	const states = new Map<number, FeatureState>();
	const stored = new Map<number, FeatureState>();
	const result: PendingEdits = { features: new Map(), changesOf: new Map(), drawn: { type: 'FeatureCollection', features: [] } };
	let next = 0;
	const newId = () => --next;
	for (const entry of entries) {
		if (entry.payload.kind !== 'edit') continue;
		const { edits } = entry.payload.edit;
		for (const edit of edits) {
			const id = targetOf(edit);
			const collection = collectionOfEdit(edit);
			const f = id === undefined || states.has(id) ? undefined : held(collection, id);
			if (f) {
				const state = stateOf(f);
				states.set(f.id, state);
				stored.set(f.id, state);
			}
		}
		const preview = previewEdits(edits, states, ctx, newId);
		if (preview.skipped.length === 0) result.changesOf.set(entry.clientId, preview.changes);
		for (const { after } of preview.changes) {
			states.set(after.id, after);
			const before = stored.get(after.id);
			const fields = before ? new Set(changedFields(before, after)) : new Set(['geometry', ...Object.keys(after.properties)]);
			result.features.set(after.id, { state: after, fields, entryState: entry.state });
			if (!after.deleted) result.drawn.features.push({ type: 'Feature', properties: { state: entry.state }, geometry: after.geometry });
		}
	}
	return result;
}
