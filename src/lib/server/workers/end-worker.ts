/**
 * Ending a worker thread that holds database connections of its own. `terminate()` alone stops the
 * thread where it stands: its PostgreSQL connections are dropped, not closed (the database counts
 * each such session as abandoned and rolls back what it had open). So when the server stops, the
 * main thread first asks the worker to close its store and end itself, and terminates it only if
 * it has not done so within a moment (a worker deep in a computation does not read its messages).
 */
import type { MessagePort, Worker } from 'node:worker_threads';

const CLOSE_REQUEST = 'sanimap:close-worker';
/**
 * How long a worker gets to close its connections before it is terminated: a worker reads the
 * request between two steps of its job, which on a loaded machine can be a second or more apart.
 * Within the server's own 5 s for the whole stop (shutdown.ts).
 */
export const WORKER_CLOSE_GRACE_MS = 2_000;

const isCloseRequest = (message: unknown) => typeof message === 'object' && message !== null && (message as Record<string, unknown>)[CLOSE_REQUEST] === true;

/** Asks the worker to close its store and end; terminates it if it has not ended after `graceMs`. */
export async function endWorker(worker: Worker, graceMs = WORKER_CLOSE_GRACE_MS): Promise<void> {
	// -1: the thread has ended already.
	if (worker.threadId === -1) return;
	const exited = new Promise<boolean>((resolve) => worker.once('exit', () => resolve(true)));
	worker.postMessage({ [CLOSE_REQUEST]: true });
	let timer: NodeJS.Timeout | undefined;
	const ended = await Promise.race([exited, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
	clearTimeout(timer);
	if (!ended) await worker.terminate();
}

/**
 * In the worker: a close request closes what `close` closes and ends the thread; every other
 * message goes to `handle`.
 */
export function onWorkerMessages<T>(port: MessagePort, close: () => Promise<void>, handle: (message: T) => void): void {
	port.on('message', (message: unknown) => {
		if (!isCloseRequest(message)) return handle(message as T);
		// process.exit in a worker thread ends the thread, not the process.
		close().then(
			() => process.exit(0),
			() => process.exit(1)
		);
	});
}
