/**
 * Timing and printing for benchmarks: wall-clock timing, percentiles, and one JSON line per
 * figure in the shape every bench prints, so results can be collected and compared by script.
 */

export interface Figure {
	bench: string;
	scale: number;
	metric: string;
	value: number;
	unit: string;
	/** What the figure is compared with, or null when it stands alone. */
	baseline?: string | null;
	baselineValue?: number | null;
	[extra: string]: unknown;
}

/** Milliseconds a call takes, with its result. */
export function time<T>(run: () => T): [T, number] {
	const t0 = performance.now();
	const result = run();
	return [result, performance.now() - t0];
}

/** The p-th percentile (0–100) of `values`, nearest-rank; does not modify `values`. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Rounds to `digits` significant-looking decimals: 3 for values under 10, 1 above. */
export function round(x: number): number {
	const digits = Math.abs(x) < 10 ? 3 : 1;
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

/**
 * Prints one figure as a JSON line. `ratio` is baseline ÷ value (how many times faster we are
 * when both are times), or null without a baseline.
 */
export function printFigure(figure: Figure): void {
	const { bench, scale, metric, value, unit, baseline = null, baselineValue = null, ...extra } = figure;
	console.log(
		JSON.stringify({
			bench,
			scale,
			metric,
			value: round(value),
			unit,
			baseline,
			baselineValue: baselineValue === null ? null : round(baselineValue),
			ratio: baselineValue === null ? null : Math.round((baselineValue / value) * 10) / 10,
			...extra
		})
	);
}
