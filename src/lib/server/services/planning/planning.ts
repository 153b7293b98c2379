/**
 * The planners' analyses over the stored layers: suggested sites for new bins, and accepting
 * suggestions as planned bins (bin coverage of buildings: coverage.ts; spacing gaps: spacing-gaps.ts).
 *
 * The figures are those of the CLI (`site`): the same pure functions run on the
 * stored bins, roads and zones and on the buildings context layer, with the project's rules as
 * defaults. Which bins count: every bin whose status is not `removed`; `planned` ones only when the
 * caller asks (`includePlanned`), since a planned bin serves nobody yet.
 */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { DEFAULT_CANDIDATE_SPACING_M, DEFAULT_EXACT_TIME_LIMIT_S, suggestSites } from '../../../analysis/siting';
import { kindDef } from '../../../domain/kinds';
import { validateFeature } from '../../../domain/validate-feature';
import { ServiceError } from '../service-error';
import type { Point as PointGeometry } from 'geojson';
import type { EditAction } from '../../../domain/edits/action';
import { actionAcceptSites } from '../../../domain/edits/actions/accept-sites';
import type { AppliedChangeset, FeatureReads } from '../../store/types';
import type { EditService, WriteContext } from '../edits/edit-service';
import type { ContextLayers } from '../basemap/context-layers';
import type { RulesService } from '../rules/rules';
import { ACCEPT_MAX } from './planning-params';
import { countedBinFeatures } from './coverage';
import { geoJsonFeature } from '../../repositories/stored-feature';

export interface SitesRequest {
	count: number;
	radiusM?: number;
	/** Candidate spacing along roads, metres. */
	spacingM?: number;
	exact?: boolean;
	timeLimitS?: number;
	includePlanned?: boolean;
}

export interface AcceptRequest {
	sites: { lon: number; lat: number }[];
	comment?: string;
}

export class PlanningService {
	constructor(
		private readonly features: FeatureReads,
		private readonly edits: EditService,
		private readonly rules: RulesService,
		private readonly context: ContextLayers
	) {}

	private async roads(): Promise<Feature[]> {
		return (await this.features.all('roadSegment')).map(geoJsonFeature);
	}

	/** The buildings context layer (frozen, shared by every request). */
	private targets(): FeatureCollection {
		return this.context.get('buildings');
	}

	async sites(request: SitesRequest) {
		const { rules } = await this.rules.get();
		const radiusM = request.radiusM ?? rules.binWalkingRadiusM;
		const includePlanned = request.includePlanned ?? false;
		const spacingM = request.spacingM ?? DEFAULT_CANDIDATE_SPACING_M;
		const method = request.exact ? 'exact' : 'greedy';
		const [bins, roads] = await Promise.all([countedBinFeatures(this.features, includePlanned), this.roads()]);
		const result = await suggestSites(bins, this.targets(), roads, {
			count: request.count,
			radiusM,
			spacingM,
			method,
			timeLimitS: request.timeLimitS ?? DEFAULT_EXACT_TIME_LIMIT_S,
			binSpacingM: rules.binSpacingM
		});
		const { siteFeatures, ...figures } = result;
		return {
			...figures,
			sites: siteFeatures.features.map((f, k) => ({ ...f, id: k + 1 })) as Feature<Point, { rank: number; gain: number }>[],
			includePlanned,
			spacingM
		};
	}

	/** Turns the chosen sites into bins with status `planned`, all in one changeset (one undo). */
	async accept(request: AcceptRequest, ctx: WriteContext): Promise<AppliedChangeset> {
		const { action, record } = this.acceptAction(request, ctx);
		return this.edits.perform({ ...ctx, comment: request.comment ?? ctx.comment }, [action], record);
	}

	/** The sites as one edit action, and what the changeset records about them. */
	acceptAction(request: AcceptRequest, ctx: Pick<WriteContext, 'maxVertices'>): { action: EditAction; record: { comment: string; meta: Record<string, unknown> } } {
		const def = kindDef('bin')!;
		if (request.sites.length === 0 || request.sites.length > ACCEPT_MAX) {
			throw new ServiceError('invalid', 'sites.count', `Accept from 1 to ${ACCEPT_MAX} sites at a time, got ${request.sites.length}.`);
		}
		const bins = request.sites.map((site, i) => {
			const geometry: Geometry = { type: 'Point', coordinates: [site.lon, site.lat] };
			const checked = validateFeature(def, { type: 'Feature', geometry, properties: { status: 'planned' } }, 'create', {
				limits: { maxVertices: ctx.maxVertices }
			});
			if (!checked.ok) {
				throw new ServiceError('invalid', 'sites.invalid', `Site ${i + 1}: ${checked.issues.map((x) => x.message).join(' ')}`, {
					index: i,
					issues: checked.issues
				});
			}
			return { geometry: checked.value.geometry as PointGeometry, properties: checked.value.properties };
		});
		const n = bins.length;
		return {
			action: actionAcceptSites(bins),
			record: { comment: `Planned ${n} bin${n === 1 ? '' : 's'} at suggested sites`, meta: { from: 'suggested-sites', sites: request.sites.map(({ lon, lat }) => [lon, lat]) } }
		};
	}
}
