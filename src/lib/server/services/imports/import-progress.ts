/**
 * Where each person's running imports stand, for the import page to poll while its request runs.
 * The page names a request with `?progress=<id>` (its own random id: the upload's token is not
 * known before the upload answers) and reads `GET /api/import/progress/<id>`. Entries belong to
 * the person who started them and are forgotten `ttlMs` after their last change.
 */
import { ServiceError } from '../service-error';
import type { ImportProgress } from './import-worker-protocol';

const PROGRESS_ID = /^[A-Za-z0-9_-]{8,80}$/;

export interface ProgressTracker {
	update(progress: ImportProgress): void;
	/** Runs the job, then marks it done or failed. */
	around<T>(job: () => Promise<T>): Promise<T>;
}

export class ImportProgressBoard {
	private readonly entries = new Map<string, { progress: ImportProgress; at: number }>();

	constructor(private readonly options: { max: number; ttlMs: number; clock?: () => number } = { max: 500, ttlMs: 10 * 60_000 }) {}

	private now = () => (this.options.clock ?? Date.now)();

	/** A tracker for the id in the request's `progress` parameter, or one that keeps nothing when there is none. */
	track(url: URL, owner: string): ProgressTracker {
		const id = url.searchParams.get('progress');
		if (id === null) return { update: () => undefined, around: (job) => job() };
		if (!PROGRESS_ID.test(id)) throw new ServiceError('invalid', 'import.progress-id', 'The progress id must be 8 to 80 letters, digits, "-" or "_".');
		const key = `${owner}\u0000${id}`;
		let last: ImportProgress = { phase: 'parse', done: 0, total: 0 };
		const update = (progress: ImportProgress) => {
			last = progress;
			this.expire();
			this.entries.delete(key);
			while (this.entries.size >= this.options.max) this.entries.delete(this.entries.keys().next().value!);
			this.entries.set(key, { progress, at: this.now() });
		};
		return {
			update,
			async around(job) {
				try {
					const result = await job();
					update({ ...last, phase: 'done' });
					return result;
				} catch (e) {
					update({ ...last, phase: 'failed' });
					throw e;
				}
			}
		};
	}

	get(owner: string, id: string): ImportProgress | undefined {
		this.expire();
		return this.entries.get(`${owner}\u0000${id}`)?.progress;
	}

	private expire(): void {
		const cutoff = this.now() - this.options.ttlMs;
		for (const [key, e] of this.entries) if (e.at < cutoff) this.entries.delete(key);
	}
}
