/**
 * A binary min-heap of (id, value) pairs in two typed arrays (after mourner's flatqueue): no object
 * per entry, which is what made a city-wide Dijkstra spend its time allocating and collecting.
 */
export class FlatQueue {
	private ids: Int32Array;
	private values: Float64Array;
	length = 0;

	constructor(capacity = 1024) {
		this.ids = new Int32Array(Math.max(capacity, 16));
		this.values = new Float64Array(Math.max(capacity, 16));
	}

	push(id: number, value: number): void {
		if (this.length === this.ids.length) this.grow();
		let pos = this.length++;
		while (pos > 0) {
			const parent = (pos - 1) >> 1;
			const pv = this.values[parent];
			if (value >= pv) break;
			this.ids[pos] = this.ids[parent];
			this.values[pos] = pv;
			pos = parent;
		}
		this.ids[pos] = id;
		this.values[pos] = value;
	}

	/** Value of the smallest entry; undefined when empty. */
	peekValue(): number | undefined {
		return this.length > 0 ? this.values[0] : undefined;
	}

	/** Removes the smallest entry and returns its id; read its value with peekValue() first. */
	pop(): number | undefined {
		if (this.length === 0) return undefined;
		const top = this.ids[0];
		const last = --this.length;
		if (last > 0) {
			const id = this.ids[last], value = this.values[last];
			let pos = 0;
			const half = last >> 1;
			while (pos < half) {
				let child = 2 * pos + 1;
				const right = child + 1;
				if (right < last && this.values[right] < this.values[child]) child = right;
				if (this.values[child] >= value) break;
				this.ids[pos] = this.ids[child];
				this.values[pos] = this.values[child];
				pos = child;
			}
			this.ids[pos] = id;
			this.values[pos] = value;
		}
		return top;
	}

	private grow(): void {
		const ids = new Int32Array(this.ids.length * 2), values = new Float64Array(this.values.length * 2);
		ids.set(this.ids);
		values.set(this.values);
		this.ids = ids;
		this.values = values;
	}
}
