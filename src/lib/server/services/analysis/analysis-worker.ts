/**
 * The analysis worker's entry, and how the main thread finds it: analysis-pool.ts imports this
 * module dynamically, so every build keeps it as a file of its own, and starts worker threads on
 * `analysisWorkerUrl`, this module's own address. Loaded in such a thread, with the mark in its
 * workerData, it loads the worker's code; loaded anywhere else it does nothing.
 *
 * Keep this module small and free of other imports: the main thread loads it too, only to learn
 * the address.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export const analysisWorkerUrl: string = import.meta.url;

if (!isMainThread && parentPort && (workerData as { mark?: unknown } | null)?.mark === 'sanimap-analysis-worker') {
	const port = parentPort;
	import('./analysis-worker-main').then(
		(m) => m.runAnalysisWorker(port, workerData),
		(e) => {
			console.error('sanimap: the analysis worker could not load its code:', e);
			process.exit(1);
		}
	);
}
