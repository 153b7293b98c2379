/**
 * Lowers the CPU priority of the calling worker thread, for the threads that only read and
 * compute (analyses, cluster indexes): on a machine of few cores their seconds of work then give
 * way to the main thread's requests, edits above all, instead of sharing a core with them. At
 * scale 0.1 the edits' p99 from the start, while the warm-up and the cluster indexes run, went
 * from 63–71 ms to 43–60 ms (bench/writes, two cores). The import worker is left as it is: it writes, and a writer held back
 * while it holds the write lock would hold the main thread's edits back with it.
 *
 * On Linux the nice value belongs to each thread (setpriority with pid 0 changes the calling
 * thread only); elsewhere it is the whole process's, so nothing is changed there.
 */
import { getPriority, setPriority } from 'node:os';

/** How much nicer than the thread that started it a background thread runs (0–19 in all). */
export const BACKGROUND_NICE_STEP = 10;

export function runThisThreadInTheBackground(label: string): void {
	if (process.platform !== 'linux') return;
	try {
		setPriority(Math.min(19, getPriority() + BACKGROUND_NICE_STEP));
	} catch (e) {
		console.error(`sanimap: the ${label} could not lower its CPU priority (${(e as Error).message}); it runs at the server's.`);
	}
}
