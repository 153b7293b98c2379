/**
 * The one way a page changes the map: `perform(edit)` sends a user-level edit to `POST /api/edits`
 * (stored as one changeset or not at all), puts the stored features on the map and makes the edit
 * one undo stop; `undo` and `redo` revert changesets. The field outbox sends the edits it kept
 * through the same transport and hands each answer to `stored`, so an edit made offline ends up
 * exactly like one made online.
 */
import type { EditedFeature, EditsAnswer } from '../../domain/api-types';
import { GEOMETRY_FIELD } from '../../domain/edits/merge';
import { fieldOf, kindByCollection } from '../../domain/kinds';
import { answerOf, sendEdits, sendRevert, type EditSource } from '../api-client';
import { currentLocaleNow, translate } from '../i18n';
import { collectionOfEdit, targetOf } from './edit-target';
import { conflictOf, type EditConflict } from './edit-conflict';
import { EditHistory, type HistoryEntry } from './edit-history.svelte';
import type { Layers } from './layers.svelte';
import { Toasts } from './toasts.svelte';
import { batchOf, type UserEdit } from './user-edit';

export type Performed = { ok: true; answer: EditsAnswer } | { ok: false; conflict: EditConflict };

/** Stored features onto the page: the edited ones in, the deleted ones out. */
export function applyStored(layers: Layers, features: readonly (EditedFeature | (EditedFeature & { deleted: boolean }))[]): void {
	const byCollection = new Map<string, { upsert: EditedFeature[]; remove: number[] }>();
	for (const f of features) {
		const group = byCollection.get(f.collection) ?? { upsert: [], remove: [] };
		byCollection.set(f.collection, group);
		if (f.deleted) group.remove.push(f.id);
		else {
			const { merged: _merged, deleted: _deleted, ...feature } = f;
			group.upsert.push(feature);
		}
	}
	for (const [collection, { upsert, remove }] of byCollection) layers.apply(collection, upsert, remove);
}

/** The fields others had changed that a merged edit kept, named as the person reads them. */
export function mergedFieldNames(features: readonly EditedFeature[]): string[] {
	const locale = currentLocaleNow();
	const names = new Set<string>();
	for (const f of features) {
		const def = kindByCollection(f.collection);
		for (const field of f.merged ?? []) {
			const fieldDef = def && fieldOf(def, field);
			names.add(field === GEOMETRY_FIELD ? translate('conflict.geometry') : fieldDef ? fieldDef.label[locale] : field);
		}
	}
	return [...names];
}

export class EditSession {
	readonly history = new EditHistory();
	readonly toasts = new Toasts();
	busy = $state(false);

	constructor(
		private readonly layers: Layers,
		readonly source: EditSource
	) {}

	/**
	 * Sends the edit. Stored: on the map, one undo stop. A conflict: the stored version goes on the
	 * map and the conflict comes back for the person to choose. Any other refusal throws
	 * ApiClientError (code `network` without a connection).
	 */
	async perform(edit: UserEdit): Promise<Performed> {
		const outcome = await sendEdits(batchOf(edit), this.source);
		if (outcome.kind === 'ok') {
			this.stored(edit, outcome.body);
			return { ok: true, answer: outcome.body };
		}
		const conflict = outcome.kind === 'refused' ? conflictOf(edit, outcome.error) : null;
		if (!conflict) return answerOf(outcome) as never;
		this.showCurrent(conflict);
		return { ok: false, conflict };
	}

	/** What a stored edit does on the page, however it was sent: the map, the undo stop, a word to the person. */
	stored(edit: UserEdit, answer: EditsAnswer): void {
		applyStored(this.layers, answer.features);
		this.history.record({ changesetId: answer.changeset.id, label: translate(edit.label, edit.labelValues) });
		const merged = mergedFieldNames(answer.features);
		if (merged.length > 0) this.toasts.show(translate('edits.merged', { fields: merged.join(translate('edits.listSeparator')) }), 'info', 6000);
		else if (edit.done) this.toasts.show(translate(edit.done, edit.labelValues));
	}

	/** The version someone else stored, on the map while the person decides (gone when it was deleted). */
	showCurrent(conflict: EditConflict): void {
		const edit = conflict.edit.edits[conflict.index];
		const id = targetOf(edit);
		if (conflict.current) this.layers.apply(conflict.current.collection, [conflict.current]);
		else if (id !== undefined) this.layers.apply(collectionOfEdit(edit), [], [id]);
	}

	async undo(): Promise<void> {
		const entry = this.history.undoStack.at(-1);
		if (!entry) return this.toasts.show(translate('undo.nothing'));
		await this.revert(entry, (id) => this.history.undone(entry, id), 'undo.done');
	}

	async redo(): Promise<void> {
		const entry = this.history.redoStack.at(-1);
		if (entry) await this.revert(entry, (id) => this.history.redone(entry, id), 'undo.redone');
	}

	private async revert(entry: HistoryEntry, onDone: (revertId: number) => void, doneKey: string): Promise<void> {
		const outcome = await sendRevert(entry.changesetId, this.source);
		if (outcome.kind === 'refused' && outcome.error.code === 'revert.conflict') {
			this.history.drop(entry);
			return this.toasts.show(translate('errors.revertConflict'), 'error');
		}
		const answer = answerOf(outcome);
		applyStored(this.layers, answer.features);
		onDone(answer.changeset.id);
		this.toasts.show(translate(doneKey, { what: entry.label }));
	}
}
