/**
 * Admission for costly work that anyone may ask for (analyses, PDFs): at most `concurrency` jobs
 * run at once, at most `maxWaiting` more wait their turn, and one client address holds at most
 * `perAddress` of the running and waiting ones. Past a limit the caller is answered at once, never
 * queued without bound: `<name>.rate-limited` for an address over its share, `<name>.busy` (unavailable)
 * when the queue is full, `server.stopping` once the server is shutting down, each with
 * `retryAfterSeconds` (the API sends it as Retry-After) and the limit it met.
 */
import { ServiceError } from './service-error';

export interface AdmissionLimits {
	concurrency: number;
	maxWaiting: number;
	perAddress: number;
	/** What Retry-After says when a limit is met, seconds. */
	retryAfterSeconds: number;
}

interface Waiting {
	start: () => void;
	cancel: (e: Error) => void;
}

export const serverStopping = () =>
	new ServiceError('unavailable', 'server.stopping', 'The server is stopping; try again in a moment.', { retryAfterSeconds: 5 });

export class AdmissionQueue {
	private running = 0;
	private readonly waiting: Waiting[] = [];
	private readonly perAddress = new Map<string, number>();
	private closed = false;

	/**
	 * @param name the code prefix of the refusals (`analysis` → `analysis.busy`)
	 * @param what what is queued, in words, for the messages ("analyses")
	 */
	constructor(
		private readonly name: string,
		private readonly what: string,
		readonly limits: AdmissionLimits
	) {}

	/** Runs `task` when its turn comes, or refuses at once with the limit it met. */
	async run<T>(address: string, task: () => Promise<T>): Promise<T> {
		this.admit(address);
		this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
		try {
			await this.turn();
			try {
				return await task();
			} finally {
				this.running--;
				this.next();
			}
		} finally {
			const left = this.perAddress.get(address)! - 1;
			if (left === 0) this.perAddress.delete(address);
			else this.perAddress.set(address, left);
		}
	}

	/** How many jobs run and wait now. */
	get size(): { running: number; waiting: number } {
		return { running: this.running, waiting: this.waiting.length };
	}

	/** Refuses every waiting job and every later one; running ones finish (or are ended by their owner). */
	close(): void {
		this.closed = true;
		for (const w of this.waiting.splice(0)) w.cancel(serverStopping());
	}

	private admit(address: string): void {
		const { retryAfterSeconds, perAddress, maxWaiting, concurrency } = this.limits;
		if (this.closed) throw serverStopping();
		if ((this.perAddress.get(address) ?? 0) >= perAddress) {
			throw new ServiceError(
				'rate-limited',
				`${this.name}.rate-limited`,
				`Your address already has ${perAddress} ${this.what} running or waiting (the most one address may have); try again when they have finished.`,
				{ retryAfterSeconds, limit: perAddress }
			);
		}
		if (this.running >= concurrency && this.waiting.length >= maxWaiting) {
			throw new ServiceError('unavailable', `${this.name}.busy`, `The server is busy with other ${this.what} (${concurrency} running, ${maxWaiting} waiting); try again in a moment.`, {
				retryAfterSeconds,
				limit: maxWaiting
			});
		}
	}

	private turn(): Promise<void> {
		if (this.running < this.limits.concurrency) {
			this.running++;
			return Promise.resolve();
		}
		return new Promise((start, cancel) => {
			this.waiting.push({ start, cancel });
		});
	}

	private next(): void {
		if (this.running >= this.limits.concurrency) return;
		const w = this.waiting.shift();
		if (!w) return;
		this.running++;
		w.start();
	}
}
