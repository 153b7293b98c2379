/**
 * The user's own undo and redo stacks. Each entry is a changeset this browser made; undo reverts
 * it on the server (a new changeset, so undo is audited and itself undoable) and redo reverts
 * the undo.
 */
export interface HistoryEntry {
	changesetId: number;
	label: string;
}

const KEY = 'sanimap.history';

export class EditHistory {
	undoStack = $state<HistoryEntry[]>([]);
	redoStack = $state<HistoryEntry[]>([]);

	constructor() {
		if (typeof sessionStorage === 'undefined') return;
		try {
			const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
			if (saved?.undo && saved?.redo) {
				this.undoStack = saved.undo;
				this.redoStack = saved.redo;
			}
		} catch {
			// a damaged saved stack is dropped: the server still has every changeset
		}
	}

	/** A new edit: it can be undone, and whatever was redoable no longer is. */
	record(entry: HistoryEntry): void {
		this.undoStack.push(entry);
		this.redoStack = [];
		this.persist();
	}

	/** After an undo succeeded: the revert changeset is what redo will revert. */
	undone(entry: HistoryEntry, revertChangesetId: number): void {
		this.undoStack = this.undoStack.filter((e) => e !== entry);
		this.redoStack.push({ changesetId: revertChangesetId, label: entry.label });
		this.persist();
	}

	redone(entry: HistoryEntry, redoChangesetId: number): void {
		this.redoStack = this.redoStack.filter((e) => e !== entry);
		this.undoStack.push({ changesetId: redoChangesetId, label: entry.label });
		this.persist();
	}

	/** An entry that can no longer be applied (its features changed since). */
	drop(entry: HistoryEntry): void {
		this.undoStack = this.undoStack.filter((e) => e !== entry);
		this.redoStack = this.redoStack.filter((e) => e !== entry);
		this.persist();
	}

	private persist(): void {
		if (typeof sessionStorage !== 'undefined') {
			sessionStorage.setItem(KEY, JSON.stringify({ undo: this.undoStack.slice(-50), redo: this.redoStack.slice(-50) }));
		}
	}
}
