/** Fixed colours of the density control levels, on the map and in the legend (never rescaled). */
import type { DensityLevel } from '../../domain/vector-levels';
import { MAP_SCALES } from '../../domain/palette';

const [belowC, C, B, A] = MAP_SCALES.densityLevels;
export const LEVEL_COLORS: Record<DensityLevel, string> = { A, B, C, 'below-C': belowC };

/** Fill colour of a zone from its `vectorLevel` feature-state; transparent when it has none. */
export const levelFillColor = [
	'match',
	['coalesce', ['feature-state', 'vectorLevel'], 'none'],
	'A', LEVEL_COLORS.A,
	'B', LEVEL_COLORS.B,
	'C', LEVEL_COLORS.C,
	'below-C', LEVEL_COLORS['below-C'],
	'rgba(0,0,0,0)'
] as unknown as string;

/** The message key of a level: "C or better" where a better grade's threshold is not set (the level is a floor). */
export const levelKey = (level: DensityLevel | null, mayBeBetter = false): string =>
	mayBeBetter && (level === 'B' || level === 'C') ? `vectors.levelOrBetter.${level}` : `vectors.level.${level ?? 'none'}`;
