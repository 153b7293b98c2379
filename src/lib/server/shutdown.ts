/**
 * Stopping the server on SIGTERM or SIGINT. adapter-node stops accepting connections and waits for
 * the requests it is answering; alone, that is not enough: a request can wait a long time on a
 * worker or the PDF browser, a signal that comes before the server listens is lost by the adapter,
 * and a second signal does nothing there. So on the first signal:
 *
 * 1. new requests are answered `503 server.stopping`, and the work beside requests is ended
 *    (analysis and import workers, the cluster worker, the PDF browser): whoever waits on it is
 *    answered 503 at once;
 * 2. when no request is being answered any more (and adapter-node has closed the server, or a
 *    moment has passed for the last answers to be written), the database is closed and the
 *    process exits with 0;
 * 3. whatever still runs after `GRACE_MS` is cut off: the process exits with 1.
 *
 * A second signal exits at once.
 */
import { closeApp, stopAppWork } from './app';

/** Longest the server takes to stop after the first signal. */
export const GRACE_MS = 5_000;
/** After the last request, how long the adapter gets to close its connections before the exit. */
const FLUSH_MS = 1_000;

let stopping = false;
let inFlight = 0;
let drained: (() => void) | undefined;

export const isStopping = () => stopping;

/** Counts a request while it is answered, so the stop can wait for the answers. */
export async function answering<T>(answer: () => Promise<T>): Promise<T> {
	inFlight++;
	try {
		return await answer();
	} finally {
		inFlight--;
		if (inFlight === 0) drained?.();
	}
}

let installed = false;

/** Installs the signal handlers (once; adapter-node's own stay and run beside them). */
export function stopOnSignals(): void {
	if (installed) return;
	installed = true;
	const onSignal = (signal: NodeJS.Signals) => {
		if (stopping) {
			console.log(`sanimap: ${signal} again: exiting now.`);
			process.exit(signal === 'SIGINT' ? 130 : 143);
		}
		stopping = true;
		console.log(`sanimap: ${signal}: stopping (at most ${GRACE_MS / 1000} s; send it again to exit at once).`);
		const cutOff = setTimeout(() => {
			console.error(`sanimap: still busy ${GRACE_MS / 1000} s after ${signal} (${inFlight} request(s) unanswered); exiting.`);
			process.exit(1);
		}, GRACE_MS);
		cutOff.unref();
		const serverClosed = new Promise<void>((resolve) => process.once('sveltekit:shutdown' as 'exit', () => resolve()));
		void stop(serverClosed).then(
			() => process.exit(0),
			(e) => {
				console.error('sanimap: stopping failed:', e);
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGINT', onSignal);
}

async function stop(serverClosed: Promise<void>): Promise<void> {
	await stopAppWork();
	if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
	// adapter-node says when its server has closed (the last answers written); when the signal
	// came before it listened it never will, so a short wait stands in for it.
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([serverClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, FLUSH_MS)))]);
	clearTimeout(timer);
	await closeApp();
}
