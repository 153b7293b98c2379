/**
 * The main thread's side of the cluster worker: sends tile and warm-up requests, and answers
 * each caller when its reply comes. The worker starts on the first request and stays (it keeps
 * the indexes); one that fails fails its waiting requests, and the next request starts another.
 */
import Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../workers/start-worker';
import { endWorker } from '../../workers/end-worker';
import type { ClusterTile, ClusterTileRequest } from './cluster-indexes';
import type { ClusterWorkerInit, ClusterWorkerReply, ClusterWorkerRequest } from './cluster-worker-protocol';

type Pending = { resolve: (reply: ClusterWorkerReply & { ok: true }) => void; reject: (e: Error) => void };

export class ClusterWorkerClient {
	private worker: Promise<Worker> | undefined;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private closed = false;

	constructor(private readonly init: Omit<ClusterWorkerInit, 'mark'>) {}

	async tile(request: ClusterTileRequest): Promise<ClusterTile> {
		const reply = await this.call({ op: 'tile', request });
		return (reply as { tile: ClusterTile }).tile;
	}

	/** Builds a layer's index ahead of its first tile; resolves with the build's duration, ms. */
	async warm(kind: string, version: number): Promise<number> {
		const reply = await this.call({ op: 'warm', kind, version });
		return (reply as { buildMs: number }).buildMs;
	}

	/** Ends the worker; requests waiting on it fail at once, and later ones are refused. */
	async close(): Promise<void> {
		this.closed = true;
		const worker = this.worker;
		this.worker = undefined;
		// Failed before the worker is asked to end: a reply it sends meanwhile finds no one waiting.
		this.failPending(new Error('The cluster worker was closed: the server is stopping.'));
		if (worker) await endWorker(await worker);
	}

	private failPending(e: Error): void {
		for (const [id, waiting] of this.pending) {
			this.pending.delete(id);
			waiting.reject(e);
		}
	}

	private async call(message: ClusterWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never): Promise<ClusterWorkerReply & { ok: true }> {
		if (this.closed) throw new Error('The cluster worker was closed: the server is stopping.');
		const worker = await (this.worker ??= this.start());
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			worker.postMessage({ ...message, id } as ClusterWorkerRequest);
		});
	}

	private async start(): Promise<Worker> {
		const { clusterWorkerUrl, CLUSTER_WORKER_MARK } = await import('./cluster-worker');
		const worker = startModuleWorker(clusterWorkerUrl, { ...this.init, mark: CLUSTER_WORKER_MARK } satisfies ClusterWorkerInit, 'cluster worker');
		// The indexes live as long as the server, but never keep a finished process alive.
		worker.unref();
		worker.on('message', (reply: ClusterWorkerReply) => {
			const waiting = this.pending.get(reply.id);
			if (!waiting) return;
			this.pending.delete(reply.id);
			if (reply.ok) waiting.resolve(reply);
			else waiting.reject(rebuildError(reply.error));
		});
		const fail = (e: Error) => {
			this.worker = undefined;
			this.failPending(e);
		};
		worker.on('error', (e) => fail(e));
		worker.on('exit', (code) => fail(new Error(`The cluster worker stopped (exit code ${code}).`)));
		return worker;
	}
}

/** A storage error stays one (the API answers 503 for it); anything else is a plain Error. */
function rebuildError(e: { name: string; message: string; code?: string }): Error {
	if (e.name === 'SqliteError' && e.code) return new Database.SqliteError(e.message, e.code);
	const error = new Error(`In the cluster worker: ${e.message}`);
	error.name = e.name;
	return error;
}
