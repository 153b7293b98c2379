import seedrandom from 'seedrandom';

/**
 * A seeded random source. Each layer draws from its own stream (seed + layer name), so tuning one
 * layer never reshuffles the others and the committed files only change where the change is.
 */
export class Rng {
	private readonly next: () => number;

	constructor(seed: string) {
		this.next = seedrandom(seed);
	}

	random(): number {
		return this.next();
	}

	range(min: number, max: number): number {
		return min + (max - min) * this.next();
	}

	/** An integer in [min, max], both included. */
	int(min: number, max: number): number {
		return Math.floor(this.range(min, max + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** Picks a value with probability proportional to its weight. */
	weighted<T>(entries: readonly (readonly [T, number])[]): T {
		const total = entries.reduce((s, [, w]) => s + w, 0);
		let r = this.next() * total;
		for (const [value, w] of entries) {
			r -= w;
			if (r < 0) return value;
		}
		return entries[entries.length - 1][0];
	}

	/** Standard normal deviate (Box–Muller). */
	gaussian(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	shuffle<T>(items: readonly T[]): T[] {
		const out = [...items];
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	}
}

const DAY_MS = 86_400_000;

export const days = (n: number) => n * DAY_MS;

export const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** ISO datetime to the second, with Z: what the hotspot fields store. */
export const toDateTime = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export const parseDate = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

/** A random date between two ISO dates (both included). */
export function dateBetween(rng: Rng, from: string, to: string): string {
	const a = parseDate(from);
	const b = parseDate(to);
	return toDate(a + Math.floor(rng.random() * ((b - a) / DAY_MS + 1)) * DAY_MS);
}
