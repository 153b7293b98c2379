/**
 * Exact maximal covering as a MILP solved by HiGHS (WebAssembly), under a time limit:
 *
 *   maximise  Σ w_g·y_g
 *   subject to Σ x_c ≤ N,   y_g ≤ Σ_{c covers g} x_c,   x_c ∈ {0, 1},   0 ≤ y_g ≤ 1
 *
 * (Church & ReVelle 1974). The greedy answer is handed to HiGHS as its starting solution, and the
 * better of the solver's incumbent and the greedy answer is returned, so this never does worse
 * than greedy. The optimality gap is (dual bound − answer) / dual bound, 0 when HiGHS proves
 * optimality with a relative gap tolerance of 0.
 */
import type { Highs } from 'highs';
import type { CoverIncidence } from './siting-incidence';
import type { CoverChoice } from './siting-greedy';

export interface ExactCoverChoice extends CoverChoice {
	/** Proven gap in percent between the answer and HiGHS's upper bound; 0 when proven optimal. */
	optimalityGapPct: number | null;
	/** HiGHS model status, or why the solver was not used. */
	solverStatus: string;
}

let highsLoading: Promise<Highs> | null = null;

function loadHighs(): Promise<Highs> {
	highsLoading ??= import('highs').then((m) => m.default());
	return highsLoading;
}

/** Writes the model in CPLEX LP format; only candidates that cover something get a variable. */
export function coverModelLp(inc: CoverIncidence, count: number, useful: readonly number[]): string {
	const lines: string[] = ['Maximize', ' obj:'];
	const terms = (list: string[]) => {
		// Short lines: some LP readers limit line length; a term may continue on the next line.
		for (let i = 0; i < list.length; i += 10) lines.push('  ' + list.slice(i, i + 10).join(' '));
	};
	terms(Array.from(inc.groupWeight, (w, g) => `+ ${w} y${g}`));
	lines.push('Subject To', ' n:');
	terms(useful.map((c) => `+ x${c}`));
	lines.push(`  <= ${count}`);
	for (let g = 0; g < inc.groupCount; g++) {
		lines.push(` g${g}: y${g}`);
		const list: string[] = [];
		for (let k = inc.groupStart[g]; k < inc.groupStart[g + 1]; k++) list.push(`- x${inc.groupCandidates[k]}`);
		terms(list);
		lines.push('  <= 0');
	}
	lines.push('Bounds');
	for (let g = 0; g < inc.groupCount; g++) lines.push(` 0 <= y${g} <= 1`);
	lines.push('Binary');
	terms(useful.map((c) => `x${c}`));
	lines.push('End');
	return lines.join('\n');
}

/** Total weight newly covered by `chosen`, and each one's marginal gain in the given order. */
export function coverValue(inc: CoverIncidence, chosen: readonly number[]): CoverChoice {
	const covered = new Uint8Array(inc.groupCount);
	const gains = chosen.map((c) => {
		let gain = 0;
		for (let k = inc.candidateStart[c]; k < inc.candidateStart[c + 1]; k++) {
			const g = inc.candidateGroups[k];
			if (!covered[g]) {
				covered[g] = 1;
				gain += inc.groupWeight[g];
			}
		}
		return gain;
	});
	return { candidates: [...chosen], gains, total: gains.reduce((a, b) => a + b, 0) };
}

/** Orders a chosen set greedily so the listed gains read best-first. */
function orderByGain(inc: CoverIncidence, chosen: readonly number[]): number[] {
	const left = new Set(chosen);
	const order: number[] = [];
	while (left.size > 0) {
		let best = -1, bestGain = -1;
		for (const c of left) {
			const gain = coverValue(inc, [...order, c]).total;
			if (gain > bestGain || (gain === bestGain && c < best)) [best, bestGain] = [c, gain];
		}
		order.push(best);
		left.delete(best);
	}
	return order;
}

export async function exactCover(inc: CoverIncidence, count: number, start: CoverChoice, timeLimitS: number): Promise<ExactCoverChoice> {
	const useful: number[] = [];
	for (let c = 0; c < inc.candidateCount; c++) if (inc.candidateStart[c + 1] > inc.candidateStart[c]) useful.push(c);
	// Nothing to decide: the greedy answer is trivially optimal.
	if (inc.groupCount === 0 || count <= 0 || useful.length <= count) {
		const all = useful.slice(0, Math.max(count, 0));
		return { ...coverValue(inc, orderByGain(inc, all)), optimalityGapPct: 0, solverStatus: 'trivial' };
	}

	const highs = await loadHighs();
	const model = highs.createModel({ format: 'lp', data: coverModelLp(inc, count, useful) });
	try {
		model.options.set({ output_flag: false, time_limit: timeLimitS, mip_rel_gap: 0, mip_abs_gap: 1e-9 });
		const colValue = new Float64Array(model.getDimensions().numCols);
		const startCovered = new Uint8Array(inc.groupCount);
		for (const c of start.candidates) {
			colValue[model.getColByName(`x${c}`)] = 1;
			for (let k = inc.candidateStart[c]; k < inc.candidateStart[c + 1]; k++) startCovered[inc.candidateGroups[k]] = 1;
		}
		for (let g = 0; g < inc.groupCount; g++) if (startCovered[g]) colValue[model.getColByName(`y${g}`)] = 1;
		model.setSolution({ colValue });
		model.run();

		const status = model.getModelStatus();
		const optimal = status === highs.constants.modelStatus.optimal;
		const values = model.getSolution().colValue;
		const chosen = useful.filter((c) => values[model.getColByName(`x${c}`)] > 0.5).slice(0, count);
		const solved = coverValue(inc, chosen);
		const best = solved.total >= start.total ? orderByGain(inc, chosen) : start.candidates;
		const answer = coverValue(inc, best);
		const bound = Number(model.info.get('mip_dual_bound'));
		let gap: number | null = null;
		if (optimal && answer.total >= solved.total) gap = 0;
		else if (Number.isFinite(bound) && bound > 0) gap = Math.max(0, Math.round(((bound - answer.total) / bound) * 1e4) / 100);
		return { ...answer, optimalityGapPct: gap, solverStatus: statusName(highs, status) };
	} finally {
		model.dispose();
	}
}

function statusName(highs: Highs, status: number): string {
	const entry = Object.entries(highs.constants.modelStatus).find(([, code]) => code === status);
	return entry ? entry[0] : String(status);
}
