/**
 * Greedy maximal covering with lazy evaluation (Minoux's accelerated greedy): a candidate's gain can
 * only fall as others are chosen, so a stale gain is an upper bound and only the top of the queue
 * needs recomputing. The result is within (1 − 1/e) of the optimum (Nemhauser, Wolsey & Fisher
 * 1978, submodular maximisation under a cardinality constraint).
 */
import TinyQueue from 'tinyqueue';
import type { CoverIncidence } from './siting-incidence';

export interface CoverChoice {
	/** Chosen candidates in the order picked. */
	candidates: number[];
	/** Weight each one newly covered when picked. */
	gains: number[];
	total: number;
}

interface Entry {
	c: number;
	gain: number;
}

/** Picks up to `count` candidates; stops early once no candidate adds anything. */
export function greedyCover(inc: CoverIncidence, count: number): CoverChoice {
	const covered = new Uint8Array(inc.groupCount);
	const gainOf = (c: number) => {
		let g = 0;
		for (let k = inc.candidateStart[c]; k < inc.candidateStart[c + 1]; k++) {
			const grp = inc.candidateGroups[k];
			if (!covered[grp]) g += inc.groupWeight[grp];
		}
		return g;
	};
	// Ties go to the lower candidate index, so the answer is reproducible.
	const queue = new TinyQueue<Entry>([], (a, b) => b.gain - a.gain || a.c - b.c);
	for (let c = 0; c < inc.candidateCount; c++) {
		const gain = gainOf(c);
		if (gain > 0) queue.push({ c, gain });
	}
	const choice: CoverChoice = { candidates: [], gains: [], total: 0 };
	while (choice.candidates.length < count && queue.length > 0) {
		const top = queue.pop()!;
		const gain = gainOf(top.c);
		if (gain <= 0) continue;
		const next = queue.peek();
		if (next && (gain < next.gain || (gain === next.gain && top.c > next.c))) {
			queue.push({ c: top.c, gain });
			continue;
		}
		choice.candidates.push(top.c);
		choice.gains.push(gain);
		choice.total += gain;
		for (let k = inc.candidateStart[top.c]; k < inc.candidateStart[top.c + 1]; k++) covered[inc.candidateGroups[k]] = 1;
	}
	return choice;
}
