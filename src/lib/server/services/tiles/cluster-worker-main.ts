/**
 * The cluster worker thread: holds the supercluster indexes of the point layers over a read-only
 * connection of its own, builds them when asked (seconds for a million points, while the main
 * thread goes on answering), and cuts cluster tiles from them.
 */
import type { MessagePort } from 'node:worker_threads';
import { openWorkerStore } from '../../store/worker-store';
import { onWorkerMessages } from '../../workers/end-worker';
import { ClusterIndexes } from './cluster-indexes';
import type { ClusterWorkerInit, ClusterWorkerReply, ClusterWorkerRequest } from './cluster-worker-protocol';

export function runClusterWorker(port: MessagePort, init: ClusterWorkerInit): void {
	const store = openWorkerStore(init.target, () => new Date());
	const indexes = new ClusterIndexes(store.tiles);
	onWorkerMessages(port, store.close, async (m: ClusterWorkerRequest) => {
		let reply: ClusterWorkerReply;
		const transfer: ArrayBuffer[] = [];
		try {
			if (m.op === 'tile') {
				const tile = await indexes.tile(m.request);
				transfer.push(tile.body.buffer);
				reply = { id: m.id, ok: true, tile };
			} else {
				reply = { id: m.id, ok: true, buildMs: await indexes.warm(m.kind, m.version) };
			}
		} catch (e) {
			const err = e as Error & { code?: unknown };
			reply = { id: m.id, ok: false, error: { name: err.name ?? 'Error', message: err.message ?? String(e), code: typeof err.code === 'string' ? err.code : undefined } };
		}
		port.postMessage(reply, transfer);
	});
}
