/**
 * Distinct (lon, lat) pairs numbered in order of first sight: an open-addressing hash table over the
 * two doubles' bits, exact equality. It replaces `Map<string, …>` keyed by `lon + ',' + lat`, whose
 * number-to-string conversions dominated building a city-sized road network.
 */
const EMPTY = -1;

export class CoordinateTable {
	lon: Float64Array;
	lat: Float64Array;
	size = 0;
	private slots: Int32Array;
	private mask: number;
	private readonly bits = new Float64Array(2);
	private readonly words = new Int32Array(this.bits.buffer);

	constructor(expected = 1024) {
		const capacity = Math.max(16, 2 ** Math.ceil(Math.log2(expected * 2)));
		this.slots = new Int32Array(capacity).fill(EMPTY);
		this.mask = capacity - 1;
		this.lon = new Float64Array(Math.max(16, expected));
		this.lat = new Float64Array(Math.max(16, expected));
	}

	private hash(x: number, y: number): number {
		// -0 and 0 are the same coordinate: normalise before reading the bits.
		this.bits[0] = x === 0 ? 0 : x;
		this.bits[1] = y === 0 ? 0 : y;
		const w = this.words;
		let h = Math.imul(w[0] ^ Math.imul(w[1], 0x9e3779b1), 0x85ebca6b);
		h ^= Math.imul(w[2] ^ Math.imul(w[3], 0xc2b2ae35), 0x27d4eb2f);
		h ^= h >>> 15;
		return Math.imul(h, 0x2c1b3c6d) >>> 0;
	}

	/** The number of (x, y), adding it when new. */
	idOf(x: number, y: number): number {
		let s = this.hash(x, y) & this.mask;
		for (;;) {
			const id = this.slots[s];
			if (id === EMPTY) break;
			if (this.lon[id] === x && this.lat[id] === y) return id;
			s = (s + 1) & this.mask;
		}
		const id = this.size++;
		if (id >= this.lon.length) this.growPoints();
		this.lon[id] = x;
		this.lat[id] = y;
		this.slots[s] = id;
		if (this.size * 2 > this.slots.length) this.rehash();
		return id;
	}

	/** Whether (x, y) was new (and is now added). */
	add(x: number, y: number): boolean {
		const before = this.size;
		this.idOf(x, y);
		return this.size > before;
	}

	private growPoints(): void {
		const lon = new Float64Array(this.lon.length * 2), lat = new Float64Array(this.lat.length * 2);
		lon.set(this.lon);
		lat.set(this.lat);
		this.lon = lon;
		this.lat = lat;
	}

	private rehash(): void {
		this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
		this.mask = this.slots.length - 1;
		for (let id = 0; id < this.size; id++) {
			let s = this.hash(this.lon[id], this.lat[id]) & this.mask;
			while (this.slots[s] !== EMPTY) s = (s + 1) & this.mask;
			this.slots[s] = id;
		}
	}
}
