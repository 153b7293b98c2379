/**
 * The length and area sums behind a hardening rate, for one zone, one road class, or everything.
 * Rate = hardened ÷ (hardened + unhardened) length: roads of unknown surface are reported beside
 * the rate but left out of it, so an unsurveyed road neither helps nor hurts a zone.
 */
import type { Hardening } from '../domain/surface';

export interface HardeningFigures {
	lengthM: number;
	hardenedLengthM: number;
	unhardenedLengthM: number;
	unknownLengthM: number;
	/** Percent; null when there is no road of known surface. */
	ratePct: number | null;
	/** Hardened length × width. */
	hardenedAreaM2: number;
	/** The part of hardenedAreaM2 computed with a class default width (see hardening-widths). */
	areaFromDefaultWidthM2: number;
}

export function emptyHardeningFigures(): HardeningFigures {
	return { lengthM: 0, hardenedLengthM: 0, unhardenedLengthM: 0, unknownLengthM: 0, ratePct: null, hardenedAreaM2: 0, areaFromDefaultWidthM2: 0 };
}

/** Adds a length of road to running figures (mutates `into`: only ever a fresh accumulator). */
export function addRoadLength(into: HardeningFigures, hardening: Hardening, lengthM: number, widthM: number, widthDefaulted: boolean): void {
	into.lengthM += lengthM;
	if (hardening === 'hardened') {
		into.hardenedLengthM += lengthM;
		into.hardenedAreaM2 += lengthM * widthM;
		if (widthDefaulted) into.areaFromDefaultWidthM2 += lengthM * widthM;
	} else if (hardening === 'unhardened') into.unhardenedLengthM += lengthM;
	else into.unknownLengthM += lengthM;
}

export function hardeningRatePct(figures: Pick<HardeningFigures, 'hardenedLengthM' | 'unhardenedLengthM'>): number | null {
	const known = figures.hardenedLengthM + figures.unhardenedLengthM;
	return known > 0 ? (100 * figures.hardenedLengthM) / known : null;
}

/** A rate meets a target in percent; a hair of tolerance (1e-6 points) so 90 % computed as 89.9999999 still counts. */
export function meetsTarget(ratePct: number | null, targetPct: number): boolean | null {
	return ratePct === null ? null : ratePct >= targetPct - 1e-6;
}
