/**
 * The main thread's side of the analysis workers: every analysis, report and export runs in one
 * of a few worker threads with read connections of their own, so the main thread only admits a
 * job, passes it over and sends the text that comes back; reads and edits keep being answered
 * however long a computation takes.
 *
 * Admission is bounded (http/admission-queue.ts): as many jobs run as there are workers, a few
 * more wait, one address holds at most a few of them; past that the caller is answered 429 or 503
 * with Retry-After at once. A job that runs past `jobTimeoutMs` ends its worker (it cannot be
 * interrupted otherwise) and is answered 503; a worker that fails fails its job and the next job
 * starts another. A job run under a key can be cancelled by it (`cancel`): waiting, it never
 * starts; running, its worker is ended the same way, so a planner's Cancel frees the CPU at once.
 * Idle workers do not keep the process alive; `close()` ends them.
 */
import type { Worker } from 'node:worker_threads';
import { AdmissionQueue, serverStopping, type AdmissionLimits } from '../admission-queue';
import { ServiceError } from '../service-error';
import { startModuleWorker } from '../../workers/start-worker';
import { endWorker } from '../../workers/end-worker';
import { deserializeError } from '../../workers/worker-errors';
import { ANALYSIS_WORKER_MARK, WARM_PARTS, type AnalysisJob, type AnalysisReply, type AnalysisRequest, type AnalysisResult, type AnalysisWorkerInit } from './analysis-worker-protocol';
import type { StoreTarget } from '../../store/target';
import { readFloor } from '../../store/read-your-writes';

export interface AnalysisPoolOptions {
	/** The server's store, which each worker opens for itself. */
	target: StoreTarget;
	/** A streaming replica the workers read what may lag from. */
	readTarget?: Extract<StoreTarget, { store: 'postgres' }>;
	dataDir: string;
	/** Worker threads, and so jobs running at once. */
	workers: number;
	/** How far the server's clock is from this machine's (SANIMAP_NOW), ms. */
	clockOffsetMs?: number;
	/** The project's time zone: periods are cut in it. */
	timeZone: string;
	/** Where the workers save their kept states for the next start; not saved without. */
	stateDir?: string;
	/** This build of the app: states another build saved are not used. */
	build: string;
	/** Jobs waiting beyond those running; jobs one address may have running or waiting. */
	maxWaiting?: number;
	perAddress?: number;
	/** Longest a job may run, ms. Default 5 minutes. */
	jobTimeoutMs?: number;
}

/** A keyed job: cancelled before it starts, or the slot running it. */
interface KeyedJob {
	address: string;
	cancelled: boolean;
	slot?: Slot;
}

export const analysisCancelled = () => new ServiceError('conflict', 'analysis.cancelled', 'The computation was cancelled by the person who asked for it.');

interface Slot {
	worker: Worker;
	busy: boolean;
	job?: { id: number; resolve: (r: AnalysisResult) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
}

/** Whom the admission queue counts the start's warm-up for (no client has this address). */
const WARM_UP_ADDRESS = 'sanimap:warm-up';

export class AnalysisPool {
	readonly queue: AdmissionQueue;
	private readonly slots: Slot[] = [];
	private workerUrl?: Promise<string>;
	private nextId = 1;
	private closed = false;
	private readonly keyed = new Map<string, KeyedJob>();

	constructor(private readonly options: AnalysisPoolOptions) {
		const limits: AdmissionLimits = {
			concurrency: Math.max(1, options.workers),
			maxWaiting: options.maxWaiting ?? 16,
			perAddress: options.perAddress ?? 6,
			retryAfterSeconds: 5
		};
		this.queue = new AdmissionQueue('analysis', 'analyses', limits);
	}

	/**
	 * Runs `job` for the client at `address` when a worker is free; refused at once past the limits.
	 * With a `key` (chosen by the client, unguessable) the same address can cancel it while it waits or runs.
	 */
	async run(address: string, job: AnalysisJob, key?: string): Promise<AnalysisResult> {
		// Taken now: a queued job starts from another request's turn of the event loop.
		const floor = readFloor();
		if (key === undefined) return this.queue.run(address, () => this.dispatch(job, floor));
		if (this.keyed.has(key)) throw new ServiceError('conflict', 'analysis.key-in-use', 'Another computation runs under this key; choose a new one for each request.');
		const entry: KeyedJob = { address, cancelled: false };
		this.keyed.set(key, entry);
		try {
			return await this.queue.run(address, () => {
				if (entry.cancelled) throw analysisCancelled();
				return this.dispatch(job, floor, entry);
			});
		} finally {
			this.keyed.delete(key);
		}
	}

	/**
	 * Builds in a worker, once the server has started, the state the figures are kept in (coverage
	 * counts, hotspots per zone, road lengths per zone), one part a job of the pool like any other.
	 * Each part is queued when the one before it has finished, so a request that comes meanwhile
	 * waits for the part running, not for all of them: it is served next and builds what it needs
	 * itself if that part is not built yet. A part's failure is no one's: a request builds it instead.
	 */
	warmUp(): void {
		const started = performance.now();
		const warm = (index: number): void => {
			const part = WARM_PARTS[index];
			if (this.closed) return;
			// Said so that an operator (and a benchmark) knows when the figures answer from kept state alone.
			if (!part) return console.log(`sanimap: the analysis warm-up has ended, ${((performance.now() - started) / 1000).toFixed(1)} s after it began.`);
			this.queue
				.run(WARM_UP_ADDRESS, () => this.dispatch({ op: 'warm', part }, 0))
				.catch(() => {})
				.finally(() => warm(index + 1));
		};
		warm(0);
	}

	/** Cancels the job `address` runs under `key`; false when there is none (finished, or another's). */
	cancel(address: string, key: string): boolean {
		const entry = this.keyed.get(key);
		if (!entry || entry.address !== address) return false;
		entry.cancelled = true;
		if (entry.slot) void this.retire(entry.slot, analysisCancelled());
		return true;
	}

	/** The job's answer parsed, for a page that renders it on the server. */
	async runForPage<T>(address: string, job: AnalysisJob): Promise<T> {
		return JSON.parse((await this.run(address, job)).text) as T;
	}

	/** Refuses new jobs, fails the running ones with 503 and ends every worker. */
	async close(): Promise<void> {
		this.closed = true;
		this.queue.close();
		await Promise.all([...this.slots].map((slot) => this.retire(slot, serverStopping(), { closeFirst: true })));
	}

	/** `floor`: the changeset the job's reads must include (store/read-your-writes.ts). */
	private async dispatch(job: AnalysisJob, floor: number, keyed?: KeyedJob): Promise<AnalysisResult> {
		if (this.closed) throw serverStopping();
		let slot = this.slots.find((s) => !s.busy);
		if (slot) slot.busy = true;
		else slot = await this.spawn();
		const busy = slot;
		if (keyed) {
			// Cancelled while its worker was starting: give the worker back unused.
			if (keyed.cancelled) {
				this.finish(busy);
				throw analysisCancelled();
			}
			keyed.slot = busy;
		}
		busy.worker.ref();
		const id = this.nextId++;
		return new Promise<AnalysisResult>((resolve, reject) => {
			const timeoutMs = this.options.jobTimeoutMs ?? 300_000;
			const timer = setTimeout(() => {
				void this.retire(busy, new ServiceError('unavailable', 'analysis.timeout', `The computation took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; ask for less (a shorter period, a smaller radius).`, { limit: timeoutMs }));
			}, timeoutMs);
			busy.job = { id, resolve, reject, timer };
			busy.worker.postMessage({ id, job, floor } satisfies AnalysisRequest);
		});
	}

	/** A new worker, already taken for the job that asked for it. */
	private async spawn(): Promise<Slot> {
		const url = await (this.workerUrl ??= import('./analysis-worker').then((m) => m.analysisWorkerUrl));
		const init: AnalysisWorkerInit = {
			mark: ANALYSIS_WORKER_MARK,
			target: this.options.target,
			readTarget: this.options.readTarget,
			dataDir: this.options.dataDir,
			clockOffsetMs: this.options.clockOffsetMs ?? 0,
			timeZone: this.options.timeZone,
			stateDir: this.options.stateDir,
			build: this.options.build
		};
		const slot: Slot = { worker: startModuleWorker(url, init, 'analysis worker'), busy: true };
		this.slots.push(slot);
		slot.worker.on('message', (reply: AnalysisReply) => {
			const job = slot.job;
			if (!job || job.id !== reply.id) return;
			this.finish(slot);
			if (reply.ok) job.resolve(reply.result);
			else job.reject(deserializeError(reply.error, 'the analysis worker'));
		});
		slot.worker.on('error', (e) => void this.retire(slot, new Error(`The analysis worker failed: ${e.message}`, { cause: e })));
		slot.worker.on('exit', (code) => void this.retire(slot, new Error(`The analysis worker stopped (exit code ${code}).`)));
		return slot;
	}

	private finish(slot: Slot): void {
		if (slot.job) clearTimeout(slot.job.timer);
		slot.job = undefined;
		slot.busy = false;
		// An idle worker keeps its caches but never keeps a finished process alive.
		slot.worker.unref();
	}

	/** `closeFirst`: let the worker close its connections before it ends (the server stops), rather than cutting it off (a cancelled or failed job). */
	private async retire(slot: Slot, error: Error, { closeFirst = false } = {}): Promise<void> {
		const index = this.slots.indexOf(slot);
		if (index < 0) return;
		this.slots.splice(index, 1);
		const job = slot.job;
		this.finish(slot);
		job?.reject(error);
		await (closeFirst ? endWorker(slot.worker) : slot.worker.terminate());
	}
}
