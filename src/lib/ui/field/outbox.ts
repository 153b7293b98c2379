/**
 * The field outbox: every edit made in field mode is kept on the phone as the user-level edit the
 * desktop performs (the same edits for `POST /api/edits`), until the server has stored it, and sent
 * strictly in order. A photo is uploaded (`POST /api/photos`) by an entry of its own before the
 * edit that names it.
 *
 * - An entry leaves the queue only after a 2xx answer.
 * - No connection (or a 5xx, or a lapsed sign-in): the entry stays waiting and the queue pauses.
 * - 409 `conflict` (someone else changed the feature first): the entry is marked `conflict` with
 *   the server's answer (the current feature, the colliding fields), and the queue stops until the
 *   user chooses (edit-conflict.ts): the choice replaces the entry, or keeping theirs drops it.
 * - Any other refusal (4xx): the entry is marked `failed` with the server's message and the queue
 *   stops until the user discards it. Nothing is ever dropped silently.
 *
 * A later entry can use what an earlier one answered (an uploaded photo's id, the id or the new
 * version of a feature an earlier edit created or changed) through `refs`: each names a place in
 * the entry's edits (`0.photoIds.0`, `0.version`) and the value in the earlier answer that goes
 * there (`id`, `features.0.version`) when the entry is sent.
 */
import type { EditBatch } from '../../domain/api-types';
import type { ApiOutcome, ApiRefusal } from '../api-client';
import { batchOf, type UserEdit } from '../state/user-edit';

export interface OutboxRef {
	/** The clientId of the earlier entry whose answer is used. */
	clientId: string;
	/** Dotted path into that answer, e.g. `id` or `features.1.version`. */
	path: string;
	/**
	 * When that answer will never come (the earlier entry was discarded), keep the value the edit
	 * holds instead of refusing it: for a version, which only spares the edit a collision with the
	 * earlier one and without it is merged by the server as any stale edit.
	 */
	optional?: boolean;
}

export type OutboxPayload = { kind: 'photo'; blob: Blob; contentType: string } | { kind: 'edit'; edit: UserEdit };

export type OutboxState = 'waiting' | 'conflict' | 'failed';

export interface OutboxEntry {
	seq: number;
	clientId: string;
	createdAt: string;
	state: OutboxState;
	payload: OutboxPayload;
	/** By dotted path into `payload.edit.edits`: the earlier answer's value that goes there. */
	refs?: Record<string, OutboxRef>;
	/** Why it is not sent yet: the refusal, or the last temporary failure of a waiting entry. */
	error?: ApiRefusal;
}

export type NewEntry = Pick<OutboxEntry, 'payload' | 'refs'> & { clientId?: string };

/** Where entries and the answers later entries refer to are kept. */
export interface OutboxStore {
	all(): Promise<OutboxEntry[]>;
	add(entry: Omit<OutboxEntry, 'seq'>): Promise<OutboxEntry>;
	put(entry: OutboxEntry): Promise<void>;
	delete(seq: number): Promise<void>;
	putResult(clientId: string, result: unknown): Promise<void>;
	getResult(clientId: string): Promise<unknown>;
	clearResults(): Promise<void>;
}

/** An entry ready to go: its refs filled in. */
export type ReadyRequest = { kind: 'photo'; blob: Blob; contentType: string } | { kind: 'edit'; batch: EditBatch; /** The entry's id, the same each time it is sent: the server stores it once. */ key: string };

export type Send = (request: ReadyRequest) => Promise<ApiOutcome<unknown>>;

export interface FlushResult {
	sent: { entry: OutboxEntry; body: unknown }[];
	/** The entry the queue stopped at, if it stopped before the end. */
	stoppedAt?: OutboxEntry;
	offline: boolean;
}

function valueAt(obj: unknown, path: string): unknown {
	let v = obj;
	for (const part of path.split('.')) {
		if (v === null || typeof v !== 'object') return undefined;
		v = (v as Record<string, unknown>)[part];
	}
	return v;
}

function setAt(obj: unknown, path: string, value: unknown): boolean {
	const parts = path.split('.');
	const last = parts.pop()!;
	const parent = parts.length ? valueAt(obj, parts.join('.')) : obj;
	if (parent === null || typeof parent !== 'object') return false;
	(parent as Record<string, unknown>)[last] = value;
	return true;
}

class MissingRef extends Error {}

/** The entry's edit with its refs filled in from the stored answers (the entry itself is not changed). */
export async function resolveEdit(entry: OutboxEntry, store: Pick<OutboxStore, 'getResult'>): Promise<UserEdit> {
	if (entry.payload.kind !== 'edit') throw new Error('Only an edit has refs.');
	const edit: UserEdit = structuredClone(entry.payload.edit);
	for (const [target, ref] of Object.entries(entry.refs ?? {})) {
		const value = valueAt(await store.getResult(ref.clientId), ref.path);
		if (value === undefined && ref.optional) continue;
		if (value === undefined || !setAt(edit.edits, target, value)) throw new MissingRef(target);
	}
	return edit;
}

async function readyOf(entry: OutboxEntry, store: Pick<OutboxStore, 'getResult'>): Promise<{ request: ReadyRequest; edit?: UserEdit }> {
	if (entry.payload.kind === 'photo') return { request: { kind: 'photo', blob: entry.payload.blob, contentType: entry.payload.contentType } };
	const edit = await resolveEdit(entry, store);
	return { request: { kind: 'edit', batch: batchOf(edit), key: entry.clientId }, edit };
}

/** A refusal worth waiting out rather than asking the user about. */
const isTemporary = (status: number) => status === 401 || status === 408 || status === 429 || status >= 500;

let counter = 0;
export const newClientId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class Outbox {
	private running: Promise<FlushResult> | null = null;
	private again = false;

	/**
	 * `exclusive` runs a flush while no other flush of the same queue runs: two tabs of field
	 * mode share one IndexedDB queue, and without it both would send the same edit.
	 */
	constructor(
		private readonly store: OutboxStore,
		private readonly send: Send,
		private readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn()
	) {}

	entries(): Promise<OutboxEntry[]> {
		return this.store.all();
	}

	async enqueue(entry: NewEntry): Promise<OutboxEntry> {
		return this.store.add({ payload: entry.payload, refs: entry.refs, clientId: entry.clientId ?? newClientId(), createdAt: new Date().toISOString(), state: 'waiting' });
	}

	/** Resolves when no flush runs (the one running, if any, has ended). */
	async settled(): Promise<void> {
		while (this.running) await this.running.catch(() => undefined);
	}

	/**
	 * Sends waiting entries in order until the queue is empty or one cannot go. One flush at a
	 * time: a call during a flush makes that flush run once more at its end.
	 */
	flush(): Promise<FlushResult> {
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = (async () => {
			const total: FlushResult = { sent: [], offline: false };
			try {
				do {
					this.again = false;
					const r = await this.exclusive(() => this.flushOnce());
					total.sent.push(...r.sent);
					total.stoppedAt = r.stoppedAt;
					total.offline = r.offline;
				} while (this.again && !total.offline && !total.stoppedAt);
			} finally {
				this.running = null;
			}
			return total;
		})();
		return this.running;
	}

	private async flushOnce(): Promise<FlushResult> {
		const sent: FlushResult['sent'] = [];
		for (const entry of await this.store.all()) {
			if (entry.state !== 'waiting') return { sent, stoppedAt: entry, offline: false };
			let ready: Awaited<ReturnType<typeof readyOf>>;
			try {
				ready = await readyOf(entry, this.store);
			} catch (e) {
				if (!(e instanceof MissingRef)) throw e;
				const failed: OutboxEntry = {
					...entry,
					state: 'failed',
					error: { status: 0, code: 'outbox.missing-ref', message: 'This edit depends on an earlier edit that was discarded.' }
				};
				await this.store.put(failed);
				return { sent, stoppedAt: failed, offline: false };
			}
			const outcome = await this.send(ready.request);
			if (outcome.kind === 'offline') return { sent, stoppedAt: entry, offline: true };
			if (outcome.kind === 'ok') {
				await this.store.putResult(entry.clientId, outcome.body);
				await this.store.delete(entry.seq);
				// What was sent, refs filled in: the edit as the server stored it.
				sent.push({ entry: ready.edit ? { ...entry, payload: { kind: 'edit', edit: ready.edit }, refs: undefined } : entry, body: outcome.body });
				continue;
			}
			const { error } = outcome;
			if (isTemporary(error.status)) {
				const waiting: OutboxEntry = { ...entry, error };
				await this.store.put(waiting);
				return { sent, stoppedAt: waiting, offline: false };
			}
			const conflict = error.status === 409 && error.code === 'conflict';
			// A conflict is about the edit as it was sent, its refs filled in: the choice starts from that.
			const stopped: OutboxEntry = conflict && ready.edit ? { ...entry, payload: { kind: 'edit', edit: ready.edit }, refs: undefined, state: 'conflict', error } : { ...entry, state: conflict ? 'conflict' : 'failed', error };
			await this.store.put(stopped);
			return { sent, stoppedAt: stopped, offline: false };
		}
		// Answers are only kept for entries still to come; with none left, none is needed.
		await this.store.clearResults();
		return { sent, offline: false };
	}

	/**
	 * The user chose after a conflict: `edit` (what the choice sends, on the version stored now)
	 * goes back to waiting at the entry's place in the queue; null drops the entry (theirs kept).
	 */
	async resolve(seq: number, edit: UserEdit | null): Promise<void> {
		const entry = (await this.store.all()).find((e) => e.seq === seq);
		if (!entry) return;
		if (!edit) return this.store.delete(seq);
		await this.store.put({ ...entry, payload: { kind: 'edit', edit }, refs: undefined, state: 'waiting', error: undefined });
	}

	/** Keep theirs / give up on a refused edit / undo an edit not sent yet: the user chose to drop it. */
	async discard(seq: number): Promise<void> {
		await this.store.delete(seq);
	}

	/** A failed entry the user wants to try again as it is (e.g. after signing in). */
	async retry(seq: number): Promise<void> {
		const entry = (await this.store.all()).find((e) => e.seq === seq);
		if (entry) await this.store.put({ ...entry, state: 'waiting', error: undefined });
	}
}

/** Entries and answers in memory: where IndexedDB is not available (a private window), and in tests. */
export function memoryOutboxStore(): OutboxStore {
	const entries = new Map<number, OutboxEntry>();
	const results = new Map<string, unknown>();
	let seq = 0;
	return {
		async all() {
			return [...entries.values()].sort((a, b) => a.seq - b.seq).map((e) => ({ ...e }));
		},
		async add(entry) {
			const stored = { ...entry, seq: ++seq };
			entries.set(stored.seq, stored);
			return { ...stored };
		},
		async put(entry) {
			entries.set(entry.seq, { ...entry });
		},
		async delete(s) {
			entries.delete(s);
		},
		async putResult(clientId, result) {
			results.set(clientId, result);
		},
		async getResult(clientId) {
			return results.get(clientId);
		},
		async clearResults() {
			results.clear();
		}
	};
}
