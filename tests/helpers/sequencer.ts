/**
 * The order test files start in: vitest's own (a file that failed last time first, then the
 * slowest), but with the files known to run longest before everything else. On a fresh clone
 * there are no timings yet and vitest goes by file size, which started the crash suite (two
 * minutes, a small file) last, alone, beside nothing.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST = ['tests/safety/crash.test.ts', 'tests/safety/crash.pg.test.ts', 'tests/browser/field-edits.test.ts'];

const rank = (file: TestSpecification) => {
	const i = LONGEST.findIndex((name) => file.moduleId.endsWith(name));
	return i < 0 ? LONGEST.length : i;
};

export class LongestFirstSequencer extends BaseSequencer {
	async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const sorted = await super.sort(files);
		// A stable sort: the rest keep vitest's order.
		return sorted.map((file, i) => ({ file, i })).sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i).map(({ file }) => file);
	}
}
