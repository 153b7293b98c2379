/**
 * What the user does to features: select, edit attributes, move, add, delete, undo and redo.
 * Every change is a user-level edit performed through the page's EditSession. A save someone else's
 * change collided with opens the conflict choice, field by field, instead of losing either version.
 */
import type { Geometry } from 'geojson';
import type { EditsAnswer, PatchEdit } from '../../domain/api-types';
import { kindByCollection, type KindDef } from '../../domain/kinds';
import { ApiClientError, type ApiFeature, type EditSource } from '../api-client';
import { translate } from '../i18n';
import { resolveConflict, type EditConflict, type FieldChoice } from './edit-conflict';
import { EditSession } from './edit-session.svelte';
import type { Layers } from './layers.svelte';
import type { UserEdit } from './user-edit';

export interface Selection {
	collection: string;
	id: number;
}

export type Mode = { name: 'browse' } | { name: 'add'; collection: string } | { name: 'move' };

/** A refused write in the user's language: signed out, a role without the right, a cross-site request, no connection. */
export function writeErrorText(e: unknown): string {
	if (e instanceof ApiClientError) {
		if (e.code === 'network') return translate('errors.network');
		if (e.status === 401) return translate('auth.toast.signIn');
		if (e.code === 'csrf') return translate('auth.toast.crossSite');
		if (e.status === 403) return translate('auth.toast.forbidden');
	}
	return translate('errors.generic', { message: (e as Error).message });
}

export class Editor {
	selection = $state<Selection | null>(null);
	mode = $state<Mode>({ name: 'browse' });
	/** A save that collided with someone else's, waiting for the person's choice. */
	conflict = $state<EditConflict | null>(null);
	readonly session: EditSession;

	constructor(
		private readonly layers: Layers,
		source: EditSource = 'web'
	) {
		this.session = new EditSession(layers, source);
		// A feature that is gone (deleted here, by an undo, or by someone else) is no longer selected.
		layers.onDiff((diff) => {
			if (this.selection?.collection === diff.collection && diff.removed.includes(this.selection.id)) this.selection = null;
		});
	}

	get history() {
		return this.session.history;
	}

	get toasts() {
		return this.session.toasts;
	}

	get busy(): boolean {
		return this.session.busy;
	}

	get selected(): ApiFeature | undefined {
		return this.selection ? this.layers.get(this.selection.collection, this.selection.id) : undefined;
	}

	get selectedDef(): KindDef | undefined {
		return this.selection ? kindByCollection(this.selection.collection) : undefined;
	}

	select(selection: Selection | null): void {
		this.selection = selection;
		if (this.mode.name === 'move') this.mode = { name: 'browse' };
	}

	saveProperties(changes: Record<string, unknown>): Promise<boolean> {
		return this.patchSelected({ properties: changes }, 'feature.saved');
	}

	moveTo(geometry: Geometry): Promise<boolean> {
		return this.patchSelected({ geometry }, 'feature.moved');
	}

	private patchSelected(feature: PatchEdit['feature'], label: string): Promise<boolean> {
		const current = this.selected;
		const selection = this.selection;
		if (!current || !selection) return Promise.resolve(false);
		return this.perform({ label, done: label, edits: [{ type: 'patch', collection: selection.collection, id: selection.id, version: current.version, feature }] });
	}

	async add(collection: string, lngLat: [number, number]): Promise<void> {
		this.mode = { name: 'browse' };
		await this.perform({ label: 'feature.created', done: 'feature.created', edits: [{ type: 'create', collection, feature: { type: 'Feature', geometry: { type: 'Point', coordinates: lngLat }, properties: {} } }] }, (answer) => {
			this.selection = { collection, id: answer.features[0].id };
		});
	}

	async remove(): Promise<void> {
		const current = this.selected;
		const selection = this.selection;
		if (!current || !selection) return;
		await this.perform({ label: 'feature.deleted', done: 'feature.deleted', edits: [{ type: 'delete', collection: selection.collection, id: selection.id, version: current.version }] });
	}

	/**
	 * Performs a user-level edit with the busy flag set. A save (a patch) that collided opens the
	 * conflict choice; other collisions and refusals become a readable message. True when stored.
	 */
	async perform(edit: UserEdit, onStored?: (answer: EditsAnswer) => void): Promise<boolean> {
		return this.guard(async () => {
			const result = await this.session.perform(edit);
			if (result.ok) {
				onStored?.(result.answer);
				return true;
			}
			if (edit.edits[result.conflict.index].type === 'patch') this.conflict = result.conflict;
			else this.toasts.show(result.conflict.message, 'error');
			return false;
		});
	}

	/** The person chose in the conflict dialog: per field, or theirs for everything. */
	async resolveConflict(choices: Record<string, FieldChoice> | 'theirs'): Promise<void> {
		const conflict = this.conflict;
		this.conflict = null;
		if (!conflict || choices === 'theirs') return;
		const next = resolveConflict(conflict, choices);
		if (next) await this.perform(next);
	}

	undo(): Promise<boolean> {
		return this.guard(async () => {
			await this.session.undo();
			return true;
		});
	}

	redo(): Promise<boolean> {
		return this.guard(async () => {
			await this.session.redo();
			return true;
		});
	}

	/** Runs a write with the busy flag set; failures become a readable message. */
	private async guard(fn: () => Promise<boolean>): Promise<boolean> {
		this.session.busy = true;
		try {
			return await fn();
		} catch (e) {
			this.toasts.show(writeErrorText(e), 'error');
			return false;
		} finally {
			this.session.busy = false;
		}
	}
}
