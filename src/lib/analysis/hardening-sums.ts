/**
 * Hardening sums kept per zone and road class, added to and taken from one road at a time, so a
 * request reads a few numbers per zone instead of summing every road again (at city scale,
 * 214,512 roads per request). Beside each sum is how many roads make it up: where that count
 * falls to zero the sum is set to exactly zero, so taking away what was added leaves no rounding
 * residue that would look like a road (a class listed with 1e-12 m, a rate of a zone with no
 * known surface). The figures equal a fresh sum up to the order of the additions.
 */
import { ROAD_CLASSES, type RoadClass } from '../domain/road-class';
import { HARDENINGS, type Hardening } from '../domain/surface';
import { emptyHardeningFigures, type HardeningFigures } from './hardening-figures';
import { hardeningSummary, type HardeningSummary, type RoadCounting } from './hardening-rate';

const CLASS_INDEX = new Map<RoadClass, number>(ROAD_CLASSES.map((c, i) => [c, i]));
const HARDENING_INDEX = Object.fromEntries(HARDENINGS.map((h, i) => [h, i])) as Record<Hardening, number>;
/**
 * Per slot, a sum and beside it how many roads make it up, of: the length of each hardening, the
 * hardened area, and the part of that area from a default width.
 */
const FIELDS = 5;
const HARDENED_AREA = 3;
const DEFAULT_WIDTH_AREA = 4;

export class HardeningSums {
	private readonly sums: Float64Array;
	private readonly counts: Int32Array;

	/** `groups` sums of their own (one per zone, one for everything), each split by road class. */
	constructor(private readonly groups: number) {
		this.sums = new Float64Array(groups * ROAD_CLASSES.length * FIELDS);
		this.counts = new Int32Array(groups * ROAD_CLASSES.length * FIELDS);
	}

	add(group: number, road: RoadCounting, lengthM: number): void {
		this.change(group, road, lengthM, 1);
	}

	/** Takes away exactly what `add` with the same road and length put in. */
	subtract(group: number, road: RoadCounting, lengthM: number): void {
		this.change(group, road, lengthM, -1);
	}

	private change(group: number, road: RoadCounting, lengthM: number, sign: 1 | -1): void {
		if (lengthM <= 0) return;
		if (group < 0 || group >= this.groups) throw new RangeError(`No hardening sums for group ${group}.`);
		const slot = group * ROAD_CLASSES.length + CLASS_INDEX.get(road.roadClass)!;
		const h = HARDENING_INDEX[road.hardening];
		this.bump(slot, h, sign * lengthM, sign);
		if (road.hardening !== 'hardened') return;
		const area = lengthM * road.widthM;
		this.bump(slot, HARDENED_AREA, sign * area, sign);
		if (road.widthDefaulted) this.bump(slot, DEFAULT_WIDTH_AREA, sign * area, sign);
	}

	private bump(slot: number, field: number, amount: number, count: 1 | -1): void {
		const i = slot * FIELDS + field;
		this.counts[i] += count;
		if (this.counts[i] < 0) throw new Error('Hardening sums: more taken away than was added.');
		this.sums[i] = this.counts[i] === 0 ? 0 : this.sums[i] + amount;
	}

	/** The group's figures overall and per road class, with the rates and the targets met. */
	summary(group: number, targetPct: number, alleyTargetPct: number): HardeningSummary {
		const total = emptyHardeningFigures();
		const perClass = new Map<RoadClass, HardeningFigures>();
		ROAD_CLASSES.forEach((roadClass, k) => {
			const slot = group * ROAD_CLASSES.length + k;
			const s = slot * FIELDS;
			if (this.counts[s] + this.counts[s + 1] + this.counts[s + 2] === 0) return;
			const figures = emptyHardeningFigures();
			figures.hardenedLengthM = this.sums[s];
			figures.unhardenedLengthM = this.sums[s + 1];
			figures.unknownLengthM = this.sums[s + 2];
			figures.lengthM = figures.hardenedLengthM + figures.unhardenedLengthM + figures.unknownLengthM;
			figures.hardenedAreaM2 = this.sums[s + HARDENED_AREA];
			figures.areaFromDefaultWidthM2 = this.sums[s + DEFAULT_WIDTH_AREA];
			perClass.set(roadClass, figures);
			total.lengthM += figures.lengthM;
			total.hardenedLengthM += figures.hardenedLengthM;
			total.unhardenedLengthM += figures.unhardenedLengthM;
			total.unknownLengthM += figures.unknownLengthM;
			total.hardenedAreaM2 += figures.hardenedAreaM2;
			total.areaFromDefaultWidthM2 += figures.areaFromDefaultWidthM2;
		});
		return hardeningSummary(total, perClass, targetPct, alleyTargetPct);
	}
}
