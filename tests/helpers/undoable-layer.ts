/**
 * The live features of one layer beside a kept state, for the pure property tests of state kept
 * between requests: every write goes to both, and each write's inverse is kept so that an undo puts
 * back what the write replaced, as undoing a changeset does.
 *
 *   const layer = new UndoableLayer(new HardeningState(zones));
 *   layer.write(7, road);  layer.write(7, undefined);  layer.undo();
 *   expect(layer.state.rates()).toEqual(hardeningRates([...layer.live.values()], zones));
 */
import type { Feature, Geometry } from 'geojson';

interface PutRemove<F> {
	put(feature: F): void;
	remove(id: number): void;
}

export class UndoableLayer<S extends PutRemove<F>, F extends Feature<Geometry | null> = Feature<Geometry>> {
	readonly live = new Map<number, F>();
	/** Each write's inverse, newest last. */
	private readonly inverses: (() => void)[] = [];

	constructor(readonly state: S) {}

	/** Stores `feature` as the feature `id` (undefined deletes it), remembering what it replaced. */
	write(id: number, feature: F | undefined): void {
		const before = this.live.get(id);
		this.inverses.push(() => this.set(id, before));
		this.set(id, feature);
	}

	undo(): void {
		this.inverses.pop()?.();
	}

	/**
	 * One step of a random history: `undo`; a `put` of feature `id`; or another change of it, which
	 * is passed over when `id` is not stored. `next` makes the new feature from the one stored now
	 * (undefined deletes it).
	 */
	step(op: { op: 'undo' } | { op: string; id: number }, next: (before: F | undefined) => F | undefined): void {
		if (!('id' in op)) return this.undo();
		const before = this.live.get(op.id);
		if (op.op !== 'put' && !before) return;
		this.write(op.id, next(before));
	}

	private set(id: number, feature: F | undefined): void {
		if (feature) {
			this.live.set(id, feature);
			this.state.put(feature);
		} else {
			this.live.delete(id);
			this.state.remove(id);
		}
	}
}
