/**
 * Spacing gaps along roads over the stored layers: the CLI's `gaps` figures (the same
 * computeSpacingGaps, by the same code) with the project's spacing rules as defaults, and the gap
 * stretches themselves a page at a time for the map's view.
 *
 * A city's gaps take seconds to compute and its stretches run to megabytes, while the figures and
 * every view the map rests at ask for the same result. So the last answers are kept until the
 * next changeset is stored: the figures, then each view, cost one computation between two edits
 * instead of one each. An edit of any feature drops them (the network distances of one moved bin
 * reach along every road it shares, so there is no cheap delta to apply).
 */
import type { Feature, LineString } from 'geojson';
import { bbox } from '@turf/turf';
import Flatbush from 'flatbush';
import { computeSpacingGaps, DEFAULT_SNAP_M, type GapLineProperties, type SpacingGapResult } from '../../../analysis/gaps';
import type { RoadClass } from '../../../domain/road-class';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import { geoJsonFeature } from '../../repositories/stored-feature';
import type { RulesService } from '../rules/rules';
import { countedBinFeatures } from './coverage';
import { pageOf, type ViewPageRequest } from './view-page';

export interface GapsRequest {
	snapM?: number;
	/** Spacing for this request, over the project's rules. */
	binSpacingM?: Partial<Record<RoadClass, number>>;
	includePlanned?: boolean;
}

type GapLine = Feature<LineString, GapLineProperties> & { id: number };

/** One computation: the figures, the stretches numbered from 1, and an index of their boxes. */
interface KeptGaps {
	figures: Omit<SpacingGapResult, 'gapLines'> & { byZone: Record<string, SpacingGapResult['zones'][number]>; bins: number; includePlanned: boolean };
	lines: GapLine[];
	/** Null when there is no stretch (Flatbush holds at least one box). */
	boxes: Flatbush | null;
}

/** Answers kept for the same data (another snap, spacing or planned choice each); the least recently asked goes first. */
const KEPT_ANSWERS = 4;

export class SpacingGapsService {
	private readonly kept = new Map<string, Promise<KeptGaps>>();
	/** The changeset the kept answers were computed after. */
	private keptAt: number | null = null;

	constructor(
		private readonly features: FeatureReads,
		private readonly changesets: Pick<ChangesetStore, 'latestId'>,
		private readonly rules: RulesService
	) {}

	/** The figures, with the stretches (`gapLines`) unless `lines` is false. */
	async gaps(request: GapsRequest & { lines?: boolean } = {}) {
		const { figures, lines } = await this.current(request);
		return request.lines === false ? figures : { ...figures, gapLines: { type: 'FeatureCollection' as const, features: lines } };
	}

	/** The stretches whose box meets `bbox` (all without one), at most `limit` in stretch order, with how many there are. */
	async linesPage(request: GapsRequest & ViewPageRequest) {
		const { lines, boxes } = await this.current(request);
		let matched: GapLine[];
		if (!request.bbox) matched = lines;
		else if (!boxes) matched = [];
		else matched = boxes.search(...request.bbox).sort((a, b) => a - b).map((i) => lines[i]);
		const { page, ...counts } = pageOf(matched, request.limit);
		return { type: 'FeatureCollection' as const, features: page, ...counts };
	}

	private async current(request: GapsRequest): Promise<KeptGaps> {
		const { rules } = await this.rules.get();
		const snapM = request.snapM ?? DEFAULT_SNAP_M;
		const binSpacingM = { ...rules.binSpacingM, ...(request.binSpacingM ?? {}) };
		const includePlanned = request.includePlanned ?? false;
		// Read before the layers: an edit stored meanwhile makes the next request compute again.
		const at = await this.changesets.latestId();
		if (at !== this.keptAt) {
			this.kept.clear();
			this.keptAt = at;
		}
		const key = JSON.stringify([snapM, binSpacingM, includePlanned]);
		let answer = this.kept.get(key);
		if (answer) {
			this.kept.delete(key);
		} else {
			answer = this.compute(snapM, binSpacingM, includePlanned);
			// A failed computation is not kept: the next request tries again.
			answer.catch(() => {
				if (this.kept.get(key) === answer) this.kept.delete(key);
			});
			if (this.kept.size >= KEPT_ANSWERS) this.kept.delete(this.kept.keys().next().value!);
		}
		this.kept.set(key, answer);
		return answer;
	}

	private async compute(snapM: number, binSpacingM: Partial<Record<RoadClass, number>>, includePlanned: boolean): Promise<KeptGaps> {
		const [bins, roads, zones] = await Promise.all([
			countedBinFeatures(this.features, includePlanned),
			this.features.all('roadSegment').then((all) => all.map(geoJsonFeature)),
			this.features.all('zone').then((all) => all.map(geoJsonFeature))
		]);
		const { gapLines, ...result } = computeSpacingGaps(bins, roads, { snapM, binSpacingM, zones });
		const lines = gapLines.features.map((f, k) => ({ ...f, id: k + 1 }));
		return {
			figures: { ...result, byZone: Object.fromEntries(result.zones.map((z) => [String(z.id), z])), bins: bins.length, includePlanned },
			lines,
			boxes: indexBoxes(lines)
		};
	}
}

function indexBoxes(lines: GapLine[]): Flatbush | null {
	if (lines.length === 0) return null;
	const index = new Flatbush(lines.length);
	for (const line of lines) {
		const [minX, minY, maxX, maxY] = bbox(line);
		index.add(minX, minY, maxX, maxY);
	}
	index.finish();
	return index;
}
