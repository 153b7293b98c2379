/**
 * Bin coverage of buildings over the stored layers: the CLI's `coverage` figures (the same
 * computeCoverage figures, by the same code), overall and per zone, beside the collection points'.
 * Run in the analysis worker, which keeps for each radius asked for lately how many serving bins
 * reach each building (CoverageState), so a bin placed or moved costs the next request the
 * buildings within its reach, not every building searched again. The counts at the project's
 * radii are saved for the next start (saved-states.ts), and the buildings as columns beside them
 * (coverage-targets-saved.ts), valid for the same buildings file.
 *
 * Which bins count: every bin whose status is not `removed`; `planned` ones only when the caller
 * asks (`includePlanned`), since a planned bin serves nobody yet.
 */
import type { Feature, Geometry } from 'geojson';
import { zonesOfTargets, type CoverageFigures, type TargetZones } from '../../../analysis/coverage';
import { CoverageState, type SavedCoverage } from '../../../analysis/coverage-state';
import { prepareTargets, targetBoxIndex, type TargetSet } from '../../../analysis/coverage-targets';
import { targetColumns, targetsFromColumns, type TargetColumns } from '../../../analysis/coverage-targets-saved';
import { zoneRefOf } from '../../../geo/zone-lookup';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import type { ContextLayers } from '../basemap/context-layers';
import type { RulesService } from '../rules/rules';
import { KeptLayer, type StateSaving } from '../analysis/kept-layer';
import type { SavedStates } from '../analysis/saved-states';
import { geoJsonFeature } from '../../repositories/stored-feature';
import { pageOf, type ViewPageRequest } from './view-page';

export interface CoverageRequest {
	radiusM?: number;
	includePlanned?: boolean;
	/** False: the figures alone, without the uncovered buildings (tens of MB for a city). */
	uncovered?: boolean;
}

/** Whether a bin counts as serving: not removed, and planned only when asked. */
export function binCounts(properties: Record<string, unknown>, includePlanned: boolean): boolean {
	const status = properties.status;
	if (status === 'removed') return false;
	if (status === 'planned') return includePlanned;
	return true;
}

/** The stored bins that count as serving, as GeoJSON features. */
export async function countedBinFeatures(features: FeatureReads, includePlanned: boolean): Promise<Feature[]> {
	return (await features.all('bin')).filter((f) => binCounts(f.properties, includePlanned)).map(geoJsonFeature);
}

/** The name the buildings' target columns are saved under (saved-states.ts). */
const TARGETS_STATE = 'coverage-targets';

/** How many layers (bins at a radius, with or without planned ones; collection points) are kept at once; the least recently asked goes first. */
const KEPT_LAYERS = 5;

/** The CLI's coverage figures, the same names and order (src/cli/commands/coverage.ts). */
function cliFigures(r: CoverageFigures) {
	return { radiusM: r.radiusM, targets: r.targets, covered: r.covered, coveredPct: r.coveredPct, weightedTargets: r.weightedTargets, weightedCovered: r.weightedCovered, zones: r.zones };
}

export class CoverageService {
	private readonly kept = new Map<string, KeptLayer<CoverageState>>();
	private targetSet: TargetSet | null = null;
	/** Whether the targets were prepared from the file, not taken up saved: the warm-up's buildings part saves them. */
	private targetsToSave = false;
	private zonesOf: { targets: TargetSet; key: string; zones: TargetZones } | null = null;

	constructor(
		private readonly features: FeatureReads,
		private readonly changesets: Pick<ChangesetStore, 'latestId' | 'createdAtOf'>,
		private readonly rules: RulesService,
		private readonly context: ContextLayers,
		/** Where the counts at the project's radii are saved for the next start; not saved without. */
		private readonly states?: SavedStates
	) {}

	async coverage(request: CoverageRequest = {}) {
		const { rules } = await this.rules.get();
		const includePlanned = request.includePlanned ?? false;
		const bins = await this.servingBins(request);
		const points = await (await this.layer('collectionPoint', rules.collectionPointRadiusM, true)).current();
		const result = bins.figures();
		const byPoints = points.figures();
		return {
			...cliFigures(result),
			/** The same per-zone figures keyed by zone feature id, for the map's feature-state. */
			byZone: Object.fromEntries(result.zones.map((z) => [String(z.id), z])),
			bins: bins.serving,
			includePlanned,
			collectionPoints: {
				radiusM: byPoints.radiusM,
				points: points.serving,
				covered: byPoints.covered,
				coveredPct: byPoints.coveredPct,
				weightedCovered: byPoints.weightedCovered
			},
			...(request.uncovered === false ? {} : { uncovered: this.uncovered(bins.uncoveredIndices()) })
		};
	}

	/** The kept counts of the bins the request counts, at its radius (the rule's when it names none). */
	private async servingBins(request: CoverageRequest): Promise<CoverageState> {
		const { rules } = await this.rules.get();
		return (await this.layer('bin', request.radiusM ?? rules.binWalkingRadiusM, request.includePlanned ?? false)).current();
	}

	/** Builds the kept counts for the project's radii now, so that the first request finds them. */
	async warm(): Promise<void> {
		const { rules } = await this.rules.get();
		await (await this.layer('bin', rules.binWalkingRadiusM, false)).current();
		await (await this.layer('collectionPoint', rules.collectionPointRadiusM, true)).current();
		// The map's first view of the uncovered buildings need not wait for it.
		targetBoxIndex(this.targets());
	}

	/**
	 * The warm-up's buildings part: reads the buildings file if a restart's saved columns spared it, so
	 * that the first view of the uncovered buildings need not; on a first start, saves the columns
	 * for the next (here, after the figures' parts, which writing them would have delayed).
	 */
	warmBuildings(): number {
		const targets = this.targets();
		const count = targets.features.length;
		if (this.targetsToSave && this.states) {
			// The buildings are not in the database: the mark names no changeset, only the file they came from.
			this.states.write(TARGETS_STATE, { at: 0, atCreatedAt: '', basis: this.context.source('buildings') }, targetColumns(targets));
			this.targetsToSave = false;
		}
		return count;
	}

	/**
	 * The buildings context layer as targets, prepared once (the layer is frozen and shared). A
	 * restart takes up instead the columns the last start saved for the same file (boxes, weights,
	 * kinds, shapes): its figures and counts need nothing else, and the file is read only when a
	 * building's GeoJSON is first asked for.
	 */
	private targets(): TargetSet {
		return (this.targetSet ??= this.savedTargets() ?? this.preparedTargets());
	}

	private savedTargets(): TargetSet | null {
		const saved = this.states?.read(TARGETS_STATE);
		if (!saved) return null;
		if (saved.mark.basis !== this.context.source('buildings')) {
			this.states!.log(`sanimap: the saved ${TARGETS_STATE} analysis state is of another buildings file; it is built afresh.`);
			return null;
		}
		this.states!.log(`sanimap: the ${TARGETS_STATE} analysis state was taken up as the last start saved it; the buildings file is read when first needed.`);
		return targetsFromColumns(saved.data as TargetColumns, () => this.context.get('buildings'), 'buildings');
	}

	private preparedTargets(): TargetSet {
		this.targetsToSave = true;
		return prepareTargets(this.context.get('buildings'), 'buildings');
	}

	private async layer(kind: 'bin' | 'collectionPoint', radiusM: number, includePlanned: boolean): Promise<KeptLayer<CoverageState>> {
		const key = `${kind} ${radiusM} ${includePlanned}`;
		let layer = this.kept.get(key);
		if (layer) {
			this.kept.delete(key);
		} else {
			const serves = kind === 'bin' ? (p: Record<string, unknown>) => binCounts(p, includePlanned) : () => true;
			const zonesOf = (zones: Feature<Geometry>[], saved?: Int32Array | null) => (kind === 'bin' ? this.zonesFor(this.targets(), zones, saved) : null);
			layer = new KeptLayer(this.features, this.changesets, kind, (zones) => new CoverageState(this.targets(), radiusM, zonesOf(zones), serves), await this.saving(kind, radiusM, includePlanned, zonesOf, serves));
			if (this.kept.size >= KEPT_LAYERS) this.kept.delete(this.kept.keys().next().value!);
		}
		this.kept.set(key, layer);
		return layer;
	}

	/** How the counts are saved: only those the start builds (the project's radii, planned bins not counted), as those are what a first request asks for. */
	private async saving(kind: 'bin' | 'collectionPoint', radiusM: number, includePlanned: boolean, zonesOf: (zones: Feature<Geometry>[], saved?: Int32Array | null) => TargetZones | null, serves: (p: Record<string, unknown>) => boolean): Promise<StateSaving<CoverageState> | undefined> {
		if (!this.states) return undefined;
		const { rules } = await this.rules.get();
		const projectRadius = kind === 'bin' ? rules.binWalkingRadiusM : rules.collectionPointRadiusM;
		if (radiusM !== projectRadius || (kind === 'bin' && includePlanned)) return undefined;
		return {
			states: this.states,
			name: kind === 'bin' ? 'coverage-bins' : 'coverage-collection-points',
			parameters: JSON.stringify({ radiusM, includePlanned, buildings: this.context.source('buildings') }),
			save: (state) => state.toSaved(),
			restore: (zones, data) => CoverageState.fromSaved(this.targets(), radiusM, zonesOf(zones, (data as SavedCoverage).zoneOf), serves, data as SavedCoverage)
		};
	}

	/**
	 * Each building's zone, worked out again only when the zones changed (several radii share it).
	 * `saved` is what a saved state was built with: over the same zones and buildings file (its
	 * basis), so a restart takes it up instead of placing a million buildings again.
	 */
	private zonesFor(targets: TargetSet, zones: Feature<Geometry>[], saved?: Int32Array | null): TargetZones {
		const key = JSON.stringify(zones.map((z) => [z.id, z.properties?.name ?? null, z.geometry]));
		if (this.zonesOf?.targets !== targets || this.zonesOf.key !== key) {
			const found = saved?.length === targets.count ? { refs: zones.map(zoneRefOf), zoneOf: saved } : zonesOfTargets(targets, zones);
			this.zonesOf = { targets, key, zones: found };
		}
		return this.zonesOf.zones;
	}

	/**
	 * The uncovered buildings whose box meets `bbox` (all without one), a page of at most `limit`
	 * in building order: what a map shows of a city, where all of them are tens of megabytes.
	 */
	async uncoveredPage(request: CoverageRequest & ViewPageRequest) {
		const bins = await this.servingBins(request);
		const { page, ...counts } = pageOf(request.bbox ? bins.uncoveredIn(request.bbox) : bins.uncoveredIndices(), request.limit);
		return { ...this.uncovered(page), ...counts };
	}

	private uncovered(indices: number[]) {
		const { features } = this.targets();
		return {
			type: 'FeatureCollection' as const,
			features: indices.map((i) => ({ type: 'Feature' as const, id: i, geometry: features[i].geometry, properties: { ...(features[i].properties ?? {}), target: i } }))
		};
	}
}
