import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Feature, Geometry, Polygon } from 'geojson';
import { layerStep, storeWithTwoZones } from '../../../../../tests/helpers/random-changesets';
import { countingScans } from '../../../../../tests/helpers/counting-reads';
import { SavedStates } from '../analysis/saved-states';
import { computeCoverage, zonesOfTargets } from '../../../analysis/coverage';
import type { SavedCoverage } from '../../../analysis/coverage-state';
import { prepareTargets } from '../../../analysis/coverage-targets';
import { geoJsonFeature } from '../../repositories/stored-feature';
import { ContextLayers, type ContextLayer } from '../basemap/context-layers';
import { RulesService } from '../rules/rules';
import { SqliteSettingsStore } from '../../repositories/settings';
import { binCounts, CoverageService } from './coverage';

const square = (x: number, y: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]
});
const NOW = new Date('2026-11-20T00:00:00Z');
// Buildings on a 0.001° grid over both zones and beyond them, some with households.
const BUILDINGS: Feature[] = [];
for (let x = 0; x < 22; x++) for (let y = 0; y < 12; y++) BUILDINGS.push({ type: 'Feature', geometry: square(116.0 + x * 0.001, 40.0 + y * 0.001, 0.0003), properties: { households: (x + y) % 3 } });
const folders: string[] = [];
const folder = () => {
	const dir = mkdtempSync(join(tmpdir(), 'sanimap-coverage-'));
	folders.push(dir);
	return dir;
};
function writeBuildings(dir: string, buildings: Feature[]): void {
	mkdirSync(join(dir, 'demo', 'basemap'), { recursive: true });
	writeFileSync(join(dir, 'demo', 'basemap', 'buildings.geojson'), JSON.stringify({ type: 'FeatureCollection', features: buildings }));
}
const dataDir = folder();
/** What the server's warm-up does with a service: its coverage part, then its buildings part. */
async function warmUp(service: CoverageService): Promise<void> {
	await service.warm();
	service.warmBuildings();
}
/** The context layers, counting how often a layer is asked for: how often a service reads its file. */
class FilesRead extends ContextLayers {
	reads = 0;
	override get(name: ContextLayer) {
		this.reads++;
		return super.get(name);
	}
}
writeBuildings(dataDir, BUILDINGS);
afterAll(() => {
	for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const coordinate = fc.tuple(fc.integer({ min: 0, max: 220 }), fc.integer({ min: 0, max: 120 })).map(([x, y]) => [116.0 + x * 0.0001, 40.0 + y * 0.0001]);
const arbPoint = coordinate.map((coordinates): Geometry => ({ type: 'Point', coordinates }));
const arbProperties = fc.record({ status: fc.constantFrom('installed', 'installed', 'planned', 'removed', 'damaged') });
const arbStep = layerStep(arbPoint, arbProperties, [0.006, 0.01, 0.014]);

describe('the coverage figures kept up to date between requests', () => {
	it('equal a fresh computation after every random changeset, undo and zone change, for two radii', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(arbStep, { minLength: 1, maxLength: 16 }), fc.boolean(), async (steps, includePlanned) => {
				const { db, changesets, features, layer } = await storeWithTwoZones('bin', 0.01);
				const rules = new RulesService(new SqliteSettingsStore(db), () => NOW);
				const context = new ContextLayers(dataDir);
				// Saved at the project's radius (70 m): a restart after each step takes up the counts saved at the first.
				const states = new SavedStates(folder(), 'build 1', 'town.db', () => {});
				const kept = new CoverageService(features, changesets, rules, context, states);
				// The buildings' columns saved too: each restart below counts the bins edited since against their saved shapes.
				kept.warmBuildings();
				for (const step of steps) {
					await layer.apply(step);
					const zones = (await features.all('zone')).map(geoJsonFeature);
					const bins = (await features.all('bin')).map(geoJsonFeature).filter((b) => binCounts(b.properties ?? {}, includePlanned));
					for (const radiusM of [70, 150]) {
						const answer = await kept.coverage({ radiusM, includePlanned });
						const full = computeCoverage(bins, BUILDINGS, { radiusM, zones });
						const { uncovered: _u, uncoveredIndices, ...figures } = full;
						expect(answer).toMatchObject({ ...figures, bins: bins.length, includePlanned });
						expect(answer.uncovered!.features.map((f) => f.id)).toEqual(uncoveredIndices);
						expect(await new CoverageService(features, changesets, rules, context).coverage({ radiusM, includePlanned })).toEqual(answer);
						expect(await new CoverageService(features, changesets, rules, context, states).coverage({ radiusM, includePlanned })).toEqual(answer);
					}
				}
				db.$client.close();
			}),
			{ numRuns: 25, seed: 20261202 }
		);
	});
});

describe('the coverage counts saved for the next start', () => {
	const pt = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [116.0 + x * 0.001, 40.0 + y * 0.001] });

	async function storeWithBins() {
		const store = await storeWithTwoZones('bin', 0.01);
		await store.layer.apply({ op: 'create', geometries: [pt(1, 1), pt(5, 3), pt(12, 8)], properties: { status: 'installed' } });
		await store.layer.apply({ op: 'create', geometries: [pt(18, 2)], properties: { status: 'planned' } });
		const rules = new RulesService(new SqliteSettingsStore(store.db), () => NOW);
		return { ...store, rules };
	}

	it('are taken up by a restart, which reads only the bins changed since, and answer as a fresh count', async () => {
		const { db, changesets, features, layer, rules } = await storeWithBins();
		const stateDir = folder();
		const logged: string[] = [];
		const states = () => new SavedStates(stateDir, 'build 1', 'town.db', (line) => logged.push(line));
		await warmUp(new CoverageService(features, changesets, rules, new ContextLayers(dataDir), states()));
		expect(readdirSync(stateDir).map((f) => f.replace(/-[0-9a-f]{16}\.state$/, '')).sort()).toEqual(['coverage-bins', 'coverage-collection-points', 'coverage-targets']);
		// Each building's zone is saved too, so that a restart need not place the buildings again.
		const zones = (await features.all('zone')).map(geoJsonFeature);
		expect((states().read('coverage-bins')!.data as SavedCoverage).zoneOf).toEqual(zonesOfTargets(prepareTargets(BUILDINGS), zones).zoneOf);
		await layer.apply({ op: 'create', geometries: [pt(20, 10)], properties: { status: 'installed' } });
		await layer.apply({ op: 'move', pick: 0, geometry: pt(8, 6) });
		await layer.apply({ op: 'edit', pick: 1, properties: { status: 'removed' } });

		const { reads, counted } = countingScans(features);
		const restarted = new CoverageService(reads, changesets, rules, new ContextLayers(dataDir), states());
		const answer = await restarted.coverage();
		expect(counted.kinds).toEqual([]);
		expect(logged).toEqual([
			expect.stringMatching(/the coverage-targets analysis state was taken up as the last start saved it; the buildings file is read when first needed/),
			expect.stringMatching(/the coverage-bins analysis state was taken up as the last start saved it/),
			expect.stringMatching(/the coverage-collection-points analysis state was taken up as the last start saved it/)
		]);
		expect(answer).toEqual(await new CoverageService(features, changesets, rules, new ContextLayers(dataDir)).coverage());
		const bins = (await features.all('bin')).map(geoJsonFeature).filter((b) => binCounts(b.properties ?? {}, false));
		expect(answer.covered).toBe(computeCoverage(bins, BUILDINGS, { radiusM: 70 }).covered);
		expect(answer.bins).toBe(3);
		db.$client.close();
	});

	it('answer a restart’s figures, and count the bins edited since, without reading the buildings file', async () => {
		const { db, changesets, features, layer, rules } = await storeWithBins();
		const saved = new SavedStates(folder(), 'build 1', 'town.db', () => {});
		await warmUp(new CoverageService(features, changesets, rules, new ContextLayers(dataDir), saved));
		const fresh = () => new CoverageService(features, changesets, rules, new ContextLayers(dataDir));
		await layer.apply({ op: 'move', pick: 0, geometry: pt(8, 6) });
		await layer.apply({ op: 'create', geometries: [pt(3, 9)], properties: { status: 'installed' } });

		const context = new FilesRead(dataDir);
		const restarted = new CoverageService(features, changesets, rules, context, saved);
		expect(await restarted.coverage({ uncovered: false })).toEqual(await fresh().coverage({ uncovered: false }));
		await layer.apply({ op: 'move', pick: 2, geometry: pt(14, 2) });
		expect(await restarted.coverage({ uncovered: false })).toEqual(await fresh().coverage({ uncovered: false }));
		expect(context.reads).toBe(0);
		// The buildings' GeoJSON is what needs the file, read once.
		const view = { bbox: [116.004, 40.002, 116.012, 40.008] as [number, number, number, number], limit: 100 };
		expect(await restarted.uncoveredPage(view)).toEqual(await fresh().uncoveredPage(view));
		expect(await restarted.coverage()).toEqual(await fresh().coverage());
		expect(context.reads).toBe(1);

		// The warm-up's buildings part reads it, for the first view; the columns are not saved again.
		const warming = new FilesRead(dataDir);
		const warmed = new CoverageService(features, changesets, rules, warming, saved);
		await warmed.warm();
		expect(warming.reads).toBe(0);
		expect(warmed.warmBuildings()).toBe(BUILDINGS.length);
		expect(warming.reads).toBe(1);
		db.$client.close();
	});

	it('are saved only at the project’s radii, and are not used over another buildings file', async () => {
		const { db, changesets, features, rules } = await storeWithBins();
		const stateDir = folder();
		const logged: string[] = [];
		const states = () => new SavedStates(stateDir, 'build 1', 'town.db', (line) => logged.push(line));
		await new CoverageService(features, changesets, rules, new ContextLayers(dataDir), states()).coverage({ radiusM: 150, includePlanned: true });
		expect(readdirSync(stateDir).map((f) => f.replace(/-[0-9a-f]{16}\.state$/, ''))).toEqual(['coverage-collection-points']);
		await warmUp(new CoverageService(features, changesets, rules, new ContextLayers(dataDir), states()));

		// The same place, other buildings: the saved counts are of the old ones.
		const otherData = folder();
		const fewer = BUILDINGS.filter((_, i) => i % 2 === 0);
		writeBuildings(otherData, fewer);
		logged.length = 0;
		const restarted = new CoverageService(features, changesets, rules, new ContextLayers(otherData), states());
		const answer = await restarted.coverage();
		expect(logged).toEqual([
			expect.stringMatching(/the saved coverage-bins analysis state was built over other zones or settings; it is built afresh/),
			expect.stringMatching(/the saved coverage-targets analysis state is of another buildings file; it is built afresh/),
			expect.stringMatching(/the saved coverage-collection-points analysis state was built over other zones or settings; it is built afresh/)
		]);
		const bins = (await features.all('bin')).map(geoJsonFeature).filter((b) => binCounts(b.properties ?? {}, false));
		expect(answer).toMatchObject({ targets: fewer.length, covered: computeCoverage(bins, fewer, { radiusM: 70 }).covered });
		db.$client.close();
	});
});
