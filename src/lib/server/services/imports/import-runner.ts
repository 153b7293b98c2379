/**
 * The main thread's side of imports, for the server and the CLI alike: uploads, previews and
 * commits run as jobs in import worker threads (import-worker-main.ts), which read the files and
 * keep their rows, check them and write them over connections of their own. The main thread only
 * passes bytes and choices in and JSON out, so it keeps answering other requests however large
 * the file or the commit.
 *
 * A file's rows stay in the worker that read it; its previews and its commit go to that worker.
 * New files go to the least busy worker, and a second one is started while the first is busy.
 * A worker with no job and no waiting file ends after `idleMs`; one that fails takes its waiting
 * files with it (they are no longer waiting: upload again) and the next upload starts a new one.
 */
import type { StoreTarget } from '../../store/target';
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { ImportLimits } from '../../../import/types';
import { refuseImport } from './import-refusal';
import { serverStopping } from '../admission-queue';
import type { ImportChoices, ImportResult } from './import';
import { ImportSessions, type ImportSession, type ImportSessionsOptions } from './import-sessions';
import { startModuleWorker } from '../../workers/start-worker';
import { endWorker } from '../../workers/end-worker';
import { deserializeError } from '../../workers/worker-errors';
import { IMPORT_WORKER_MARK, type CommitInput, type FileSummary, type ImportProgress, type ImportWorkerInit, type JobRequest, type WorkerReply, type WorkerRequest } from './import-worker-protocol';

export interface ImportRunnerOptions {
	/** The store the workers open (already created and migrated by the caller). */
	target: StoreTarget;
	limits: ImportLimits;
	/** How far the caller's clock is ahead of the machine's, ms (SANIMAP_NOW); default 0. */
	clockOffsetMs?: number;
	/** Most worker threads at once. Default 2. */
	maxWorkers?: number;
	/** How long a worker with nothing to do and no waiting file stays, ms. Default 60 s. */
	idleMs?: number;
	sessions?: Omit<ImportSessionsOptions, 'onDrop'>;
}

export type OnImportProgress = (progress: ImportProgress) => void;

interface Pending {
	resolve: (value: unknown) => void;
	reject: (error: Error) => void;
	onProgress?: OnImportProgress;
}

interface Slot {
	worker: Worker;
	alive: boolean;
	pending: Map<number, Pending>;
	/** Tokens of the files this worker holds. */
	tokens: Set<string>;
	idle?: NodeJS.Timeout;
}

const NOT_WAITING = 'This import is no longer waiting (it was committed, discarded or expired after 30 minutes). Upload the file again.';

export class ImportRunner {
	readonly sessions: ImportSessions;
	private readonly slots: Slot[] = [];
	private readonly homes = new Map<string, Slot>();
	private workerUrl?: Promise<string>;
	private nextJob = 1;
	private closed = false;

	constructor(private readonly options: ImportRunnerOptions) {
		this.sessions = new ImportSessions({ max: 8, ttlMs: 30 * 60_000, ...options.sessions, onDrop: (s) => this.forget(s.token) });
	}

	/** Reads an uploaded file in a worker; a file that cannot be read at all is a ServiceError. */
	async upload(bytes: Uint8Array, filename: string, owner: string, onProgress?: OnImportProgress): Promise<ImportSession> {
		const token = randomUUID();
		const slot = await this.slotForNewFile();
		// Handed over, not copied, when the bytes are a buffer of their own.
		const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
		const summary = (await this.call(slot, { op: 'read', token, filename, bytes: own }, onProgress, [own.buffer as ArrayBuffer])) as FileSummary;
		if (!slot.alive) throw refuseImport('not-found', 'import.not-found', NOT_WAITING);
		slot.tokens.add(token);
		this.homes.set(token, slot);
		return this.sessions.add(token, filename, summary, owner);
	}

	/** The waiting upload `token` of `owner`, or a 'not-found' ServiceError. */
	session(token: string | undefined, owner: string): ImportSession {
		const s = token ? this.sessions.get(token) : undefined;
		if (!s || s.owner !== owner) throw refuseImport('not-found', 'import.not-found', NOT_WAITING);
		return s;
	}

	/** The preview of a waiting upload with these choices, as JSON text. */
	async preview(session: ImportSession, choices: ImportChoices, onProgress?: OnImportProgress): Promise<string> {
		return (await this.call(this.home(session), { op: 'preview', token: session.token, filename: session.filename, choices }, onProgress)) as string;
	}

	/** Checks a waiting upload with the final choices and writes it as one changeset. */
	async commit(session: ImportSession, choices: ImportChoices, input: CommitInput, onProgress?: OnImportProgress): Promise<ImportResult> {
		return (await this.call(this.home(session), { op: 'commit', token: session.token, choices, input }, onProgress)) as ImportResult;
	}

	/** Ends every worker; jobs still running fail with 503 (the server is stopping). */
	async close(): Promise<void> {
		this.closed = true;
		await Promise.all([...this.slots].map((slot) => this.retire(slot, serverStopping(), false, { closeFirst: true })));
	}

	private home(session: ImportSession): Slot {
		const slot = this.homes.get(session.token);
		if (!slot?.alive) {
			this.sessions.delete(session.token);
			throw refuseImport('not-found', 'import.not-found', NOT_WAITING);
		}
		return slot;
	}

	private forget(token: string): void {
		const slot = this.homes.get(token);
		this.homes.delete(token);
		if (!slot) return;
		slot.tokens.delete(token);
		if (slot.alive) slot.worker.postMessage({ op: 'drop', token } satisfies WorkerRequest);
		this.settle(slot);
	}

	private async slotForNewFile(): Promise<Slot> {
		if (this.closed) throw serverStopping();
		const url = await (this.workerUrl ??= import('./import-worker').then((m) => m.importWorkerUrl));
		const max = Math.max(1, this.options.maxWorkers ?? 2);
		const leastBusy = this.slots.reduce<Slot | undefined>((best, s) => (!best || s.pending.size < best.pending.size ? s : best), undefined);
		if (leastBusy && (leastBusy.pending.size === 0 || this.slots.length >= max)) return leastBusy;
		return this.spawn(url);
	}

	private spawn(url: string): Slot {
		const init: ImportWorkerInit = { mark: IMPORT_WORKER_MARK, target: this.options.target, limits: this.options.limits, clockOffsetMs: this.options.clockOffsetMs ?? 0 };
		// The built chunk as it is; the TypeScript source (tsx, vite dev, vitest) with tsx in the thread.
		const slot: Slot = { worker: startModuleWorker(url, init, 'import worker'), alive: true, pending: new Map(), tokens: new Set() };
		this.slots.push(slot);
		slot.worker.on('message', (reply: WorkerReply) => {
			const pending = slot.pending.get(reply.job);
			if (!pending) return;
			if (reply.type === 'progress') {
				pending.onProgress?.(reply.progress);
				return;
			}
			slot.pending.delete(reply.job);
			this.settle(slot);
			if (reply.type === 'done') pending.resolve(reply.result);
			else pending.reject(deserializeError(reply.error, 'the import worker'));
		});
		slot.worker.on('error', (e) => void this.retire(slot, new Error(`The import worker failed: ${e.message}`, { cause: e })));
		slot.worker.on('exit', (code) => void this.retire(slot, new Error(`The import worker stopped (exit code ${code}).`)));
		return slot;
	}

	private call(slot: Slot, request: JobRequest, onProgress?: OnImportProgress, transfer: ArrayBuffer[] = []): Promise<unknown> {
		return new Promise((resolve, reject) => {
			const job = this.nextJob++;
			slot.pending.set(job, { resolve, reject, onProgress });
			this.settle(slot);
			try {
				slot.worker.postMessage({ ...request, job } satisfies WorkerRequest, transfer);
			} catch (e) {
				slot.pending.delete(job);
				this.settle(slot);
				reject(e as Error);
			}
		});
	}

	/**
	 * Keeps the thread (and the process) going while a job runs; otherwise lets the process exit
	 * without it, and ends it after `idleMs` once it holds no waiting file either.
	 */
	private settle(slot: Slot): void {
		if (!slot.alive) return;
		clearTimeout(slot.idle);
		slot.idle = undefined;
		if (slot.pending.size > 0) {
			slot.worker.ref();
			return;
		}
		slot.worker.unref();
		slot.idle = setTimeout(() => {
			this.sessions.expire();
			if (slot.pending.size === 0 && slot.tokens.size === 0) void this.retire(slot, new Error('The import worker was stopped.'), false);
			else this.settle(slot);
		}, this.options.idleMs ?? 60_000);
		slot.idle.unref();
	}

	/**
	 * Takes a worker out of service: its jobs fail with `error`, its waiting files are dropped.
	 * `unexpected`: it failed or stopped by itself, which is logged. `closeFirst`: the server stops,
	 * so the worker may close its connections before it ends.
	 */
	private async retire(slot: Slot, error: Error, unexpected = true, { closeFirst = false } = {}): Promise<void> {
		if (!slot.alive) return;
		slot.alive = false;
		clearTimeout(slot.idle);
		this.slots.splice(this.slots.indexOf(slot), 1);
		for (const p of slot.pending.values()) p.reject(error);
		slot.pending.clear();
		for (const token of [...slot.tokens]) this.sessions.delete(token);
		if (unexpected) console.error(`sanimap: ${error.message}`);
		await (closeFirst ? endWorker(slot.worker) : slot.worker.terminate());
	}
}
