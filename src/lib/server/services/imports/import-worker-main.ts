/**
 * The import worker's code (started through import-worker.ts): it reads uploaded files and keeps
 * their rows until they are committed or dropped, checks them against the database (preview) and
 * writes them (commit), all with the same ImportService, over a connection of its own to the
 * server's store. On SQLite the main thread meanwhile goes on answering reads from the WAL; its
 * own writes wait for the lock like any other writer's (busy_timeout).
 *
 * Each job answers `done` with its result or `failed` with its error in a form that crosses the
 * thread boundary, and reports progress now and then on the way.
 */
import type { MessagePort } from 'node:worker_threads';
import { openWorkerStore } from '../../store/worker-store';
import { onWorkerMessages } from '../../workers/end-worker';
import { refuseImport } from './import-refusal';
import type { ParsedFile } from '../../../import/types';
import { ImportService } from './import';
import { serializeError } from '../../workers/worker-errors';
import { IMPORT_WORKER_MARK, type FileSummary, type ImportProgress, type ImportWorkerInit, type JobRequest, type WorkerReply, type WorkerRequest, type WorkerResults } from './import-worker-protocol';

/** Least time between two progress reports of a job, ms (a change of phase is always reported). */
const PROGRESS_EVERY_MS = 100;

export function runImportWorker(port: MessagePort, init: ImportWorkerInit): void {
	if (init.mark !== IMPORT_WORKER_MARK) throw new Error('Not started as the import worker.');
	const clock = () => new Date(Date.now() + init.clockOffsetMs);
	const store = openWorkerStore(init.target, clock, { writes: true });
	const service = new ImportService(store.features, store.changesets, store.importKeys, init.limits, clock);

	const files = new Map<string, { filename: string; file: ParsedFile }>();
	const post = (reply: WorkerReply) => port.postMessage(reply);

	const held = (token: string) => {
		const found = files.get(token);
		if (!found) throw refuseImport('not-found', 'import.not-found', 'This import is no longer waiting (it was committed, discarded or expired after 30 minutes). Upload the file again.');
		return found;
	};

	async function run(request: JobRequest & { job: number }): Promise<WorkerResults[keyof WorkerResults]> {
		const report = progressReporter((progress) => post({ type: 'progress', job: request.job, progress }));
		if (request.op === 'read') {
			report({ phase: 'parse', done: 0, total: 0 });
			const file = await service.read(request.bytes, request.filename, (done, total) => report({ phase: 'parse', done, total }));
			files.set(request.token, { filename: request.filename, file });
			return { format: file.format, columns: file.columns, notes: file.notes, rows: file.rows.length } satisfies FileSummary;
		}
		const { filename, file } = held(request.token);
		report({ phase: 'check', done: 0, total: file.rows.length });
		const plan = await service.plan(file, request.choices, (done, total) => report({ phase: 'check', done, total }));
		if (request.op === 'preview') return JSON.stringify(service.describe(plan, { token: request.token, filename, file }));

		report({ phase: 'commit', done: 0, total: plan.planned.filter((p) => p.op).length });
		return service.commit(plan, request.input, (done, total) => report({ phase: 'commit', done, total }));
	}

	onWorkerMessages(port, store.close, (request: WorkerRequest) => {
		if (request.op === 'drop') {
			files.delete(request.token);
			return;
		}
		run(request).then(
			(result) => post({ type: 'done', job: request.job, result }),
			(e) => post({ type: 'failed', job: request.job, error: serializeError(e) })
		);
	});
}

/** Passes progress on, at most every PROGRESS_EVERY_MS unless the phase changed or it is complete. */
function progressReporter(send: (p: ImportProgress) => void): (p: ImportProgress) => void {
	let lastPhase = '';
	let lastAt = 0;
	return (p) => {
		const now = Date.now();
		if (p.phase === lastPhase && now - lastAt < PROGRESS_EVERY_MS && p.done < p.total) return;
		lastPhase = p.phase;
		lastAt = now;
		send(p);
	};
}
