/**
 * Spacing gaps along roads over the stored layers: the CLI's `gaps` figures (the same
 * computeSpacingGaps, by the same code) with the project's spacing rules as defaults, and the gap
 * stretches themselves a page at a time for the map's view.
 *
 * A city's gaps take a third of a second to compute on a built road network, and the network
 * itself a second to read and build. So the worker keeps the network until a road changes, and
 * for each snap, spacing and planned choice the gaps themselves (SpacingGapState), brought up to
 * date by the bins written since the last request (KeptLayer): a moved bin costs the next request
 * the roads around it. Edits of other layers leave both as they are. The stretches and their
 * boxes are drawn only when a view asks for them, once between two changes of the bins.
 */
import Flatbush from 'flatbush';
import { DEFAULT_SNAP_M, gapsBasis, type GapLine, type GapLines } from '../../../analysis/gaps';
import { SpacingGapState } from '../../../analysis/gaps-state';
import { buildRoadNetwork, type RoadNetwork } from '../../../analysis/road-network';
import type { RoadClass } from '../../../domain/road-class';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import { geoJsonFeature } from '../../repositories/stored-feature';
import { KeptLayer } from '../analysis/kept-layer';
import type { RulesService } from '../rules/rules';
import { binCounts } from './coverage';
import { pageOf, type ViewPageRequest } from './view-page';

export interface GapsRequest {
	snapM?: number;
	/** Spacing for this request, over the project's rules. */
	binSpacingM?: Partial<Record<RoadClass, number>>;
	includePlanned?: boolean;
}

/** The stretches of one answer numbered from 1, and an index of their boxes. */
interface DrawnLines {
	lines: GapLine[];
	/** Null when there is no stretch (Flatbush holds at least one box). */
	boxes: Flatbush | null;
}

/** Gap states kept at once (another snap, spacing or planned choice each); the least recently asked goes first. */
const KEPT_STATES = 4;

export class SpacingGapsService {
	private network: { at: number; net: RoadNetwork } | null = null;
	private readonly kept = new Map<string, KeptLayer<SpacingGapState>>();
	/** Drawn per answer of a state: a new answer (after an edit of the bins) is a new collection. */
	private readonly drawn = new WeakMap<GapLines, DrawnLines>();

	constructor(
		private readonly features: FeatureReads,
		private readonly changesets: Pick<ChangesetStore, 'latestId' | 'createdAtOf'>,
		private readonly rules: RulesService
	) {}

	/** Builds the gaps at the project's rules now, so that the first request finds them. */
	async warm(): Promise<void> {
		await this.current({});
	}

	/** The figures, with the stretches (`gapLines`) unless `lines` is false. */
	async gaps(request: GapsRequest & { lines?: boolean } = {}) {
		const state = await this.current(request);
		const figures = state.figures();
		const answer = { ...figures, byZone: Object.fromEntries(figures.zones.map((z) => [String(z.id), z])), bins: state.size, includePlanned: request.includePlanned ?? false };
		return request.lines === false ? answer : { ...answer, gapLines: { type: 'FeatureCollection' as const, features: this.drawnLines(state).lines } };
	}

	/** The stretches whose box meets `bbox` (all without one), at most `limit` in stretch order, with how many there are. */
	async linesPage(request: GapsRequest & ViewPageRequest) {
		const { lines, boxes } = this.drawnLines(await this.current(request));
		let matched: GapLine[];
		if (!request.bbox) matched = lines;
		else if (!boxes) matched = [];
		else matched = boxes.search(...request.bbox).sort((a, b) => a - b).map((i) => lines[i]);
		const { page, ...counts } = pageOf(matched, request.limit);
		return { type: 'FeatureCollection' as const, features: page, ...counts };
	}

	private drawnLines(state: SpacingGapState): DrawnLines {
		const collection = state.gapLines();
		let drawn = this.drawn.get(collection);
		if (!drawn) {
			const lines = collection.features;
			drawn = { lines, boxes: indexBoxes(lines) };
			this.drawn.set(collection, drawn);
		}
		return drawn;
	}

	/** The gaps for this request's choices, up to date with the bins stored now. */
	private async current(request: GapsRequest): Promise<SpacingGapState> {
		const { rules } = await this.rules.get();
		const snapM = request.snapM ?? DEFAULT_SNAP_M;
		const binSpacingM = { ...rules.binSpacingM, ...(request.binSpacingM ?? {}) };
		const includePlanned = request.includePlanned ?? false;
		const net = await this.roadNetwork();
		const key = JSON.stringify([snapM, binSpacingM, includePlanned]);
		let layer = this.kept.get(key);
		if (layer) {
			this.kept.delete(key);
		} else {
			layer = new KeptLayer(this.features, this.changesets, 'bin', (zones) => new SpacingGapState(gapsBasis(net, { snapM, binSpacingM, zones }), (p) => binCounts(p, includePlanned)));
			if (this.kept.size >= KEPT_STATES) this.kept.delete(this.kept.keys().next().value!);
		}
		this.kept.set(key, layer);
		try {
			return await layer.current();
		} catch (e) {
			// Choices it cannot compute with (a bad spacing) are not kept: they would only push out good ones.
			if (this.kept.get(key) === layer) this.kept.delete(key);
			throw e;
		}
	}

	/** The counted roads as a network, built again only after a road changed; the gap states over an older one go with it. */
	private async roadNetwork(): Promise<RoadNetwork> {
		// Read before the roads: a road stored meanwhile makes the next request build again.
		const latest = await this.changesets.latestId();
		const kept = this.network;
		if (kept && (kept.at >= latest || (await this.features.changedBetween('roadSegment', kept.at, latest)).length === 0)) {
			kept.at = Math.max(kept.at, latest);
			return kept.net;
		}
		const net = buildRoadNetwork((await this.features.all('roadSegment')).map(geoJsonFeature), 'roads');
		this.network = { at: latest, net };
		this.kept.clear();
		return net;
	}
}

/** A loop over the coordinates rather than Turf's bbox: a third of the time for a city's 45,000 stretches, drawn again after each edit of a bin. */
function indexBoxes(lines: GapLine[]): Flatbush | null {
	if (lines.length === 0) return null;
	const index = new Flatbush(lines.length);
	for (const line of lines) {
		let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
		for (const [x, y] of line.geometry.coordinates) {
			if (x < minX) minX = x;
			if (x > maxX) maxX = x;
			if (y < minY) minY = y;
			if (y > maxY) maxY = y;
		}
		index.add(minX, minY, maxX, maxY);
	}
	index.finish();
	return index;
}
