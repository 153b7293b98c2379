/**
 * Maximum bin spacing per road class (CJJ 27, DEFAULT_RULES.binSpacingM: commercial 100 m, main
 * and secondary 200 m, branch and alley 400 m), with a project's overrides merged over it.
 */
import { DEFAULT_RULES } from '../domain/rules';
import { isRoadClass, ROAD_CLASSES, type RoadClass } from '../domain/road-class';

export type BinSpacing = Readonly<Record<RoadClass, number>>;

/** Defaults merged with `overrides`; throws RangeError on an unknown class or a non-positive value. */
export function resolveBinSpacing(overrides: Readonly<Record<string, unknown>> = {}): BinSpacing {
	const spacing = { ...DEFAULT_RULES.binSpacingM };
	for (const [key, value] of Object.entries(overrides)) {
		if (!isRoadClass(key)) throw new RangeError(`binSpacingM: unknown road class "${key}" (known: ${ROAD_CLASSES.join(', ')}).`);
		if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
			throw new RangeError(`binSpacingM.${key} must be a positive number of metres, got ${JSON.stringify(value)}.`);
		}
		spacing[key] = value;
	}
	return spacing;
}
