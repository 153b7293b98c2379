/**
 * The demo's work cycle: eight weeks of weekly zone inspections and three months of shop frontage
 * checks before the first start, each recorded through the same preparation and edit actions as
 * POST /api/inspections and stamped with its own time, so the ranking board, the due list and the
 * shops' results have figures on day one. Scores come from a seeded generator (the same demo every
 * time): each zone keeps its own standard, so the board has a top and a bottom, one zone is left
 * uninspected for the last five weeks (overdue, "not inspected" this month), and some zones are
 * still due this week. The demo inspections record no findings: the demo's hotspot cases are its
 * own reports (data/demo/hotspots.geojson), and its failed items are the ones that need no photo.
 */
import seedrandom from 'seedrandom';
import type { Polygon, MultiPolygon } from 'geojson';
import * as turf from '@turf/turf';
import { COLLECTION } from '../../../domain/kinds';
import { instantText } from '../../../domain/time/instants';
import { addPeriods, periodStart } from '../../../domain/time/periods';
import type { InspectionTemplate } from '../../../domain/api-types';
import { INSPECTION_KIND } from '../../../domain/inspections/kind';
import type { ChangesetStore, FeatureReads } from '../../store/types';
import { prepareInspection, zoneLookup, type PreparedInspection } from '../inspections/record';
import type { InspectionTemplateService } from '../inspections/templates';

const AUTHOR = 'sanimap';
const HOUR_MS = 3_600_000;
export const DEMO_WEEKS = 8;

export interface DemoInspectionOptions {
	now: number;
	timeZone: string;
}

/** Points for each item: full, or (with the zone's chance of failing) a part of them; photo-required items keep full points. */
function scoresFor(t: InspectionTemplate, failChance: number, rng: () => number): Record<string, number> {
	return Object.fromEntries(
		t.items.map((item) => {
			if (item.photoRequired || rng() >= failChance) return [item.key, item.maxPoints];
			return [item.key, Math.max(0, item.maxPoints - Math.ceil(rng() * item.maxPoints * 0.6))];
		})
	);
}

/** `changesetsAt`: the store under a clock the seed moves, each inspection stamped with its own time. */
export async function seedDemoInspections(
	features: FeatureReads,
	changesetsAt: (clock: () => Date) => ChangesetStore,
	templates: InspectionTemplateService,
	options: DemoInspectionOptions
): Promise<number> {
	if ((await features.all(INSPECTION_KIND)).length > 0) return 0;
	const all = await templates.list();
	const zoneTemplate = all.find((t) => t.target === COLLECTION.zone);
	const shopTemplate = all.find((t) => t.target === COLLECTION.shop);
	const zones = (await features.all('zone')).sort((a, b) => a.id - b.id);
	const shops = (await features.all('shop')).filter((s) => typeof s.properties.frontageContract === 'string').sort((a, b) => a.id - b.id).slice(0, 24);
	const { now, timeZone } = options;
	const rng = seedrandom('sanimap demo inspections');

	type Planned = { at: number; body: Record<string, unknown> };
	const planned: Planned[] = [];
	const thisWeek = periodStart(now, 'week', timeZone);
	const roads = await features.all('roadSegment');
	if (zoneTemplate) {
		zones.forEach((zone, z) => {
			const [minX, minY, maxX, maxY] = turf.bbox(zone.geometry as Polygon | MultiPolygon);
			const streets = roads
				.map((r) => r.geometry)
				.filter((g) => {
					const [a, b, c, d] = turf.bbox(g);
					return a <= maxX && c >= minX && b <= maxY && d >= minY;
				})
				.flatMap((g) => (g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : []));
			const failChance = 0.08 + (0.45 * z) / Math.max(1, zones.length - 1);
			for (let w = DEMO_WEEKS; w >= 0; w--) {
				// The last zone has not been inspected for five weeks; in the current week only every other zone so far.
				if (z === zones.length - 1 && w < 5) continue;
				const weekStart = addPeriods(thisWeek, 'week', -w, timeZone);
				const at = weekStart + ((z % 4) + 1) * 24 * HOUR_MS + (9 + Math.floor(rng() * 6)) * HOUR_MS + Math.floor(rng() * 60) * 60_000;
				if (at >= now || (w === 0 && z % 2 === 1)) continue;
				// About a third of the inspections walk the zone: a track along some of its streets.
				let track: unknown;
				if (rng() < 0.35) {
					const walked = streets.filter(() => rng() < 0.6);
					if (walked.length > 0) track = { type: 'MultiLineString', coordinates: walked };
				}
				planned.push({
					at,
					body: { templateId: zoneTemplate.id, target: { collection: COLLECTION.zone, id: zone.id }, inspectedAt: instantText(at, timeZone), scores: scoresFor(zoneTemplate, failChance, rng), ...(track ? { track } : {}) }
				});
			}
		});
	}
	if (shopTemplate) {
		const thisMonth = periodStart(now, 'month', timeZone);
		shops.forEach((shop, s) => {
			const failChance = s % 5 === 0 ? 0.6 : 0.1;
			for (let m = 2; m >= 0; m--) {
				const at = addPeriods(thisMonth, 'month', -m, timeZone) + (2 + (s % 20)) * 24 * HOUR_MS + 10 * HOUR_MS;
				if (at >= now) continue;
				planned.push({ at, body: { templateId: shopTemplate.id, target: { collection: COLLECTION.shop, id: shop.id }, inspectedAt: instantText(at, timeZone), scores: scoresFor(shopTemplate, failChance, rng) } });
			}
		});
	}
	planned.sort((a, b) => a.at - b.at);

	let stepAt = now;
	const changesets = changesetsAt(() => new Date(stepAt));
	const deps = { features, templates, missingPhotos: async () => [], clock: () => new Date(now), timeZone, zoneAt: zoneLookup(features) };
	const prepared: ({ at: number } & PreparedInspection)[] = [];
	for (const p of planned) prepared.push({ at: p.at, ...(await prepareInspection(p.body, deps, { author: AUTHOR, maxVertices: 1_000_000 })) });
	// One transaction: a start that fails half-way leaves no demo inspections, and they are seeded at the next start.
	const seeded = await changesets.seed(
		async (perform) => {
			for (const p of prepared) {
				stepAt = p.at;
				await perform({ author: AUTHOR, source: 'field', meta: { demo: true } }, p.actions);
			}
		},
		{ unlessKind: INSPECTION_KIND }
	);
	if (!seeded) return 0;
	return prepared.length;
}
