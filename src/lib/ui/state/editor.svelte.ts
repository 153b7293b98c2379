/**
 * What the user does to features: select, edit attributes, move, add, delete, undo and redo.
 * Every write names the version it was based on; a 409 opens the conflict choice instead of
 * losing either version.
 */
import type { Geometry } from 'geojson';
import { get } from 'svelte/store';
import { kindByCollection, kindDef, type KindDef } from '../../domain/kinds';
import { ApiClientError, createFeature, deleteFeature, patchFeature, revertChangeset, type ApiFeature } from '../api-client';
import { t } from '../i18n';
import { EditHistory, type HistoryEntry } from './edit-history.svelte';
import type { Layers } from './layers.svelte';
import { Toasts } from './toasts.svelte';

export interface Selection {
	collection: string;
	id: number;
}

export interface Conflict {
	collection: string;
	id: number;
	mine: { properties?: Record<string, unknown>; geometry?: Geometry };
	mineVersion: number;
	theirs: ApiFeature | null;
}

export type Mode = { name: 'browse' } | { name: 'add'; collection: string } | { name: 'move' };

const tr = (key: string, values?: Record<string, unknown>) => get(t)(key, { values: values as Record<string, string> });

/** A refused write (signed out, a role without the right, a cross-site request) in the user's language. */
function authMessage(e: unknown): string | undefined {
	if (!(e instanceof ApiClientError)) return undefined;
	if (e.status === 401) return tr('auth.toast.signIn');
	if (e.code === 'csrf') return tr('auth.toast.crossSite');
	if (e.status === 403) return tr('auth.toast.forbidden');
	return undefined;
}

export class Editor {
	selection = $state<Selection | null>(null);
	mode = $state<Mode>({ name: 'browse' });
	conflict = $state<Conflict | null>(null);
	busy = $state(false);
	readonly history = new EditHistory();
	readonly toasts = new Toasts();

	constructor(private readonly layers: Layers) {}

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

	async saveProperties(changes: Record<string, unknown>): Promise<boolean> {
		return this.patch({ properties: changes }, tr('feature.saved'));
	}

	async moveTo(geometry: Geometry): Promise<boolean> {
		return this.patch({ geometry }, tr('feature.moved'));
	}

	private async patch(change: Conflict['mine'], doneText: string, version?: number): Promise<boolean> {
		const current = this.selected;
		const selection = this.selection;
		if (!current || !selection) return false;
		const baseVersion = version ?? current.version;
		return this.write(async () => {
			try {
				const { feature, changesetId } = await patchFeature(selection.collection, selection.id, baseVersion, change);
				this.layers.apply(selection.collection, [feature]);
				this.history.record({ changesetId, label: doneText });
				this.toasts.show(doneText);
				return true;
			} catch (e) {
				if (e instanceof ApiClientError && e.code === 'conflict') {
					const theirs = (e.details as { current: ApiFeature | null })?.current ?? null;
					if (theirs) this.layers.apply(selection.collection, [theirs]);
					else this.layers.apply(selection.collection, [], [selection.id]);
					this.conflict = { collection: selection.collection, id: selection.id, mine: change, mineVersion: baseVersion, theirs };
					return false;
				}
				throw e;
			}
		});
	}

	/** The user chose in the conflict dialog. */
	async resolveConflict(choice: 'theirs' | 'mine'): Promise<void> {
		const conflict = this.conflict;
		this.conflict = null;
		if (!conflict || choice === 'theirs' || !conflict.theirs) return;
		this.selection = { collection: conflict.collection, id: conflict.id };
		await this.patch(conflict.mine, tr('feature.saved'), conflict.theirs.version);
	}

	async add(collection: string, lngLat: [number, number]): Promise<void> {
		this.mode = { name: 'browse' };
		await this.write(async () => {
			const { feature, changesetId } = await createFeature(collection, { geometry: { type: 'Point', coordinates: lngLat }, properties: {} });
			this.layers.apply(collection, [feature]);
			this.history.record({ changesetId, label: tr('feature.created') });
			this.selection = { collection, id: feature.id };
			this.toasts.show(tr('feature.created'));
		});
	}

	async remove(): Promise<void> {
		const current = this.selected;
		const selection = this.selection;
		if (!current || !selection) return;
		await this.write(async () => {
			try {
				const { changesetId } = await deleteFeature(selection.collection, selection.id, current.version);
				this.layers.apply(selection.collection, [], [selection.id]);
				this.history.record({ changesetId, label: tr('feature.deleted') });
				this.selection = null;
				this.toasts.show(tr('feature.deleted'));
			} catch (e) {
				if (e instanceof ApiClientError && e.code === 'conflict') {
					const theirs = (e.details as { current: ApiFeature | null })?.current ?? null;
					if (theirs) this.layers.apply(selection.collection, [theirs]);
					this.toasts.show(e.message, 'error');
					return;
				}
				throw e;
			}
		});
	}

	async undo(): Promise<void> {
		const entry = this.history.undoStack.at(-1);
		if (!entry) return this.toasts.show(tr('undo.nothing'));
		await this.revert(entry, (revertId) => this.history.undone(entry, revertId), tr('undo.done'));
	}

	async redo(): Promise<void> {
		const entry = this.history.redoStack.at(-1);
		if (!entry) return;
		await this.revert(entry, (revertId) => this.history.redone(entry, revertId), tr('undo.redone'));
	}

	private async revert(entry: HistoryEntry, onDone: (revertId: number) => void, doneText: string): Promise<void> {
		await this.write(async () => {
			try {
				const { changeset, features } = await revertChangeset(entry.changesetId);
				for (const f of features) {
					const collection = kindDef(changeset.features.find((c) => c.featureId === f.id)?.kind ?? '')?.collection ?? f.collection;
					if (f.deleted) {
						this.layers.apply(collection, [], [f.id]);
						if (this.selection?.id === f.id) this.selection = null;
					} else this.layers.apply(collection, [f]);
				}
				onDone(changeset.id);
				this.toasts.show(`${doneText}: ${entry.label}`);
			} catch (e) {
				if (e instanceof ApiClientError && e.code === 'revert.conflict') {
					this.history.drop(entry);
					this.toasts.show(tr('errors.revertConflict'), 'error');
					return;
				}
				throw e;
			}
		});
	}

	/** Runs a write with the busy flag set; unexpected failures become a readable message. */
	private async write<T>(fn: () => Promise<T>): Promise<T | false> {
		this.busy = true;
		try {
			return await fn();
		} catch (e) {
			const message = e instanceof ApiClientError && e.code === 'network' ? tr('errors.network') : (authMessage(e) ?? tr('errors.generic', { message: (e as Error).message }));
			this.toasts.show(message, 'error');
			return false;
		} finally {
			this.busy = false;
		}
	}
}
