/**
 * The field outbox: every edit made in field mode is a queued request, kept on the phone until
 * the server has accepted it, and sent strictly in order (a report's photo before the report).
 *
 * - An entry leaves the queue only after a 2xx answer.
 * - No connection (or a 5xx, or a lapsed sign-in): the entry stays waiting and the queue pauses.
 * - 409 `conflict` (someone else changed the feature first): the entry is marked `conflict` with
 *   their version, and the queue stops until the user chooses: keep mine (re-send on their
 *   version) or keep theirs (discard mine, explicitly).
 * - Any other refusal (4xx): the entry is marked `failed` with the server's message and the queue
 *   stops until the user discards it. Nothing is ever dropped silently.
 *
 * A later entry can use what an earlier one answered (the id of an uploaded photo, the ids of a
 * split's parts) through `refs`: `{name}` in the url, or a body value that is exactly "{name}",
 * is replaced by that answer's value at `path` when the entry is sent.
 */

export type OutboxMethod = 'POST' | 'PATCH' | 'DELETE';

export interface OutboxRef {
	/** The clientId of the earlier entry whose answer is used. */
	clientId: string;
	/** Dotted path into that answer, e.g. `id` or `features.1.version`. */
	path: string;
}

export interface OutboxRequest {
	method: OutboxMethod;
	url: string;
	/** A JSON body. */
	body?: unknown;
	/** A raw body instead (a photo), sent with `contentType`. */
	blob?: Blob;
	contentType?: string;
	/** The version this edit was based on, sent as If-Match; a number or a "{ref}". */
	ifMatch?: number | string;
	refs?: Record<string, OutboxRef>;
}

export type OutboxState = 'waiting' | 'conflict' | 'failed';

export interface OutboxError {
	status: number;
	code: string;
	message: string;
	details?: unknown;
}

/** What the UI shows about an entry and where its answer goes. */
export interface OutboxMeta {
	/** An i18n key and its values, e.g. `field.outbox.kinds.harden`. */
	label: string;
	labelValues?: Record<string, string | number>;
	/** The feature this edit changes, when there is one. */
	collection?: string;
	featureId?: number;
	/** A geometry to draw while the edit waits (the stretch marked, the reported point). */
	geometry?: GeoJSON.Geometry;
	/** What the answer holds for the map: one feature, or a split's removed segment and parts. */
	answer?: 'feature' | 'split' | 'photo';
	/** The properties this edit sets, to show beside the server's version in a conflict. */
	mine?: Record<string, unknown>;
}

export interface OutboxEntry extends OutboxRequest, OutboxMeta {
	seq: number;
	clientId: string;
	createdAt: string;
	state: OutboxState;
	/** Why it is not sent yet: the refusal, or the last temporary failure of a waiting entry. */
	error?: OutboxError;
}

export type NewEntry = Omit<OutboxEntry, 'seq' | 'state' | 'error' | 'createdAt' | 'clientId'> & { clientId?: string };

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

/** A request ready to go: refs resolved. */
export interface ResolvedRequest {
	method: OutboxMethod;
	url: string;
	headers: Record<string, string>;
	body?: BodyInit;
}

export type SendOutcome = { kind: 'ok'; status: number; body: unknown } | { kind: 'refused'; error: OutboxError } | { kind: 'offline' };

export type Send = (request: ResolvedRequest) => Promise<SendOutcome>;

export interface FlushResult {
	sent: { entry: OutboxEntry; body: unknown }[];
	/** The entry the queue stopped at, if it stopped before the end. */
	stoppedAt?: OutboxEntry;
	offline: boolean;
}

const REF = /\{([A-Za-z][\w-]*)\}/g;

function valueAt(obj: unknown, path: string): unknown {
	let v = obj;
	for (const part of path.split('.')) {
		if (v === null || typeof v !== 'object') return undefined;
		v = (v as Record<string, unknown>)[part];
	}
	return v;
}

class MissingRef extends Error {}

function substitute(value: unknown, values: Record<string, unknown>): unknown {
	if (typeof value === 'string') {
		const whole = /^\{([A-Za-z][\w-]*)\}$/.exec(value);
		if (whole && whole[1] in values) return values[whole[1]];
		return value;
	}
	if (Array.isArray(value)) return value.map((v) => substitute(v, values));
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)]));
	return value;
}

/** The request of an entry with its refs filled in from the stored answers. */
export async function resolveEntry(entry: OutboxEntry, store: Pick<OutboxStore, 'getResult'>): Promise<ResolvedRequest> {
	const values: Record<string, unknown> = {};
	for (const [name, ref] of Object.entries(entry.refs ?? {})) {
		const v = valueAt(await store.getResult(ref.clientId), ref.path);
		if (v === undefined) throw new MissingRef(name);
		values[name] = v;
	}
	const url = entry.url.replace(REF, (m, name: string) => (name in values ? encodeURIComponent(String(values[name])) : m));
	const headers: Record<string, string> = { 'x-sanimap-source': 'field' };
	const ifMatch = entry.ifMatch === undefined ? undefined : substitute(entry.ifMatch, values);
	if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
	let body: BodyInit | undefined;
	if (entry.blob) {
		body = entry.blob;
		headers['content-type'] = entry.contentType ?? entry.blob.type ?? 'application/octet-stream';
	} else if (entry.body !== undefined) {
		body = JSON.stringify(substitute(entry.body, values));
		headers['content-type'] = 'application/json';
	}
	return { method: entry.method, url, headers, body };
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
		return this.store.add({ ...entry, clientId: entry.clientId ?? newClientId(), createdAt: new Date().toISOString(), state: 'waiting' });
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
			let request: ResolvedRequest;
			try {
				request = await resolveEntry(entry, this.store);
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
			const outcome = await this.send(request);
			if (outcome.kind === 'offline') return { sent, stoppedAt: entry, offline: true };
			if (outcome.kind === 'ok') {
				await this.store.putResult(entry.clientId, outcome.body);
				await this.store.delete(entry.seq);
				sent.push({ entry, body: outcome.body });
				continue;
			}
			const { error } = outcome;
			if (isTemporary(error.status)) {
				const waiting: OutboxEntry = { ...entry, error };
				await this.store.put(waiting);
				return { sent, stoppedAt: waiting, offline: false };
			}
			const stopped: OutboxEntry = { ...entry, state: error.status === 409 && error.code === 'conflict' ? 'conflict' : 'failed', error };
			await this.store.put(stopped);
			return { sent, stoppedAt: stopped, offline: false };
		}
		// Answers are only kept for entries still to come; with none left, none is needed.
		await this.store.clearResults();
		return { sent, offline: false };
	}

	/**
	 * Keep mine after a conflict: the same edit, now based on the version the server has, goes
	 * back to waiting at its place in the queue.
	 */
	async keepMine(seq: number, currentVersion: number): Promise<void> {
		const entry = (await this.store.all()).find((e) => e.seq === seq);
		if (!entry) return;
		const rebased: OutboxEntry = { ...entry, state: 'waiting', error: undefined };
		if (typeof entry.ifMatch === 'number') rebased.ifMatch = currentVersion;
		if (entry.body && typeof entry.body === 'object' && typeof (entry.body as { version?: unknown }).version === 'number') {
			rebased.body = { ...(entry.body as object), version: currentVersion };
		}
		await this.store.put(rebased);
	}

	/** Keep theirs / give up on a refused edit: the user chose to drop it. */
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
