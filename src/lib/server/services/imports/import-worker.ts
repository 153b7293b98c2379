/**
 * The import worker's entry, and how the main thread finds it. import-runner.ts imports this
 * module dynamically, so every build keeps it as a file of its own (a chunk of the server bundle
 * under `node build`, the TypeScript source under tsx, `vite dev` and vitest), and starts a worker
 * thread on `importWorkerUrl`, this module's own address. Loaded in that thread, with the mark in
 * its workerData, it loads the worker's code; loaded anywhere else it does nothing.
 *
 * Keep this module small and free of other imports: the main thread loads it too, only to learn
 * the address.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export const importWorkerUrl: string = import.meta.url;

if (!isMainThread && parentPort && (workerData as { mark?: unknown } | null)?.mark === 'sanimap-import-worker') {
	const port = parentPort;
	import('./import-worker-main').then(
		(m) => m.runImportWorker(port, workerData),
		(e) => {
			// Nothing can run without the code: say why, and let the runner see the thread end.
			console.error('sanimap: the import worker could not load its code:', e);
			process.exit(1);
		}
	);
}
