/**
 * The cluster worker's entry, and how the main thread finds it: cluster-client.ts imports this
 * module dynamically, so every build keeps it as a file of its own, and starts a worker thread on
 * `clusterWorkerUrl`, this module's own address. Loaded in that thread, with the mark in its
 * workerData, it loads the worker's code; loaded anywhere else it does nothing.
 *
 * Keep this module small and free of other imports: the main thread loads it too, only to learn
 * the address.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export const clusterWorkerUrl: string = import.meta.url;
export const CLUSTER_WORKER_MARK = 'sanimap-cluster-worker';

if (!isMainThread && parentPort && (workerData as { mark?: unknown } | null)?.mark === CLUSTER_WORKER_MARK) {
	const port = parentPort;
	import('./cluster-worker-main').then(
		(m) => m.runClusterWorker(port, workerData),
		(e) => {
			console.error('sanimap: the cluster worker could not load its code:', e);
			process.exit(1);
		}
	);
}
