/**
 * Kept states saved for the next start (saved-states.ts, kept-layer.ts), over real SQLite stores:
 * a restart takes up what the last start saved and reads only what changed since; a state saved
 * by another build, of another database or history, or over other zones is never used; a damaged
 * file or a folder that cannot be written costs a rebuild, never a wrong or failed answer.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { storeWithTwoZones } from '../../../../../tests/helpers/random-changesets';
import { countingScans } from '../../../../../tests/helpers/counting-reads';
import { parseInstant } from '../../../domain/time/instants';
import { ZoneFiguresService } from '../hotspots/zone-figures';
import { SavedStates } from './saved-states';

const TIME_ZONE = 'Asia/Shanghai';
const NOW = parseInstant('2026-11-20', TIME_ZONE)!;
const clock = () => new Date(NOW);
const QUERY = { now: NOW, from: parseInstant('2026-11-01', TIME_ZONE)!, to: parseInstant('2026-12-01', TIME_ZONE)!, trend: true };
const point = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [x, y] });
const hotspot = (reportedAt: string, status = 'reported') => ({ category: 'exposed-rubbish', status, reportedAt, dueAt: '2026-11-15' });
const folder = () => mkdtempSync(join(tmpdir(), 'sanimap-states-'));
const pause = () => new Promise((r) => setTimeout(r, 5));

/** A store with a few hotspots in both zones. */
async function cityWithHotspots() {
	const store = await storeWithTwoZones('hotspot', 0.02);
	await store.layer.apply({ op: 'create', geometries: [point(116.005, 40.005), point(116.01, 40.01)], properties: hotspot('2026-11-02') });
	await store.layer.apply({ op: 'create', geometries: [point(116.03, 40.01)], properties: hotspot('2026-11-12', 'resolved') });
	return store;
}

describe('kept states saved for the next start', () => {
	it('are taken up by a restart, which reads only the hotspots changed since, and answer as a fresh count', async () => {
		const { db, changesets, features, layer } = await cityWithHotspots();
		const states = new SavedStates(folder(), 'build 1', 'town.db');
		await new ZoneFiguresService(features, changesets, clock, TIME_ZONE, states).compute(QUERY);
		await layer.apply({ op: 'create', geometries: [point(116.006, 40.004)], properties: hotspot('2026-11-20') });
		await layer.apply({ op: 'edit', pick: 0, properties: hotspot('2026-11-03', 'assigned') });

		const { reads, counted } = countingScans(features);
		const restarted = new ZoneFiguresService(reads, changesets, clock, TIME_ZONE, states);
		expect(await restarted.warmFromSaved()).toBe(true);
		const fresh = await new ZoneFiguresService(features, changesets, clock, TIME_ZONE).compute(QUERY);
		expect(await restarted.compute(QUERY)).toEqual(fresh);
		expect(counted.scans).toBe(0);
		expect(fresh.zones.reduce((n, z) => n + z.count, 0)).toBe(4);
		db.$client.close();
	});

	it('are not used by another build, for another database, or over zones changed since', async () => {
		const { db, changesets, features, layer } = await cityWithHotspots();
		const dir = folder();
		const logged: string[] = [];
		const states = (build: string, database: string) => new SavedStates(dir, build, database, (line) => logged.push(line));
		await new ZoneFiguresService(features, changesets, clock, TIME_ZONE, states('build 1', 'town.db')).compute(QUERY);
		const restartedWith = (saved: SavedStates, timeZone = TIME_ZONE) => new ZoneFiguresService(features, changesets, clock, timeZone, saved).warmFromSaved();
		expect(await restartedWith(states('build 1', 'town.db'))).toBe(true);
		expect(logged.splice(0)).toEqual([expect.stringMatching(/the hotspots analysis state was taken up as the last start saved it, at changeset \d+\.$/)]);
		expect(await restartedWith(states('build 2', 'town.db'))).toBe(false);
		expect(logged.splice(0)).toEqual(['sanimap: the saved hotspots analysis state is of another build of sanimap; it is built afresh.']);
		expect(await restartedWith(states('build 1', 'village.db'))).toBe(false);
		expect(logged.splice(0)).toEqual([]);
		expect(await restartedWith(states('build 1', 'town.db'), 'Europe/Berlin')).toBe(false);
		await layer.apply({ op: 'move-zone', size: 0.03 });
		expect(await restartedWith(states('build 1', 'town.db'))).toBe(false);
		expect(logged.splice(0)).toEqual(Array(2).fill('sanimap: the saved hotspots analysis state was built over other zones or settings; it is built afresh.'));
		db.$client.close();
	});

	it('are not used for a database with another history in the same place, such as an older backup restored and written to', async () => {
		const dir = folder();
		const first = await cityWithHotspots();
		await first.layer.apply({ op: 'create', geometries: [point(116.007, 40.007)], properties: hotspot('2026-11-05') });
		await new ZoneFiguresService(first.features, first.changesets, clock, TIME_ZONE, new SavedStates(dir, 'build 1', 'town.db')).compute(QUERY);
		const savedAt = await first.changesets.latestId();
		first.db.$client.close();

		// The same start, then other writes up to the same changeset id, at other times.
		await pause();
		const other = await cityWithHotspots();
		await other.layer.apply({ op: 'create', geometries: [point(116.03, 40.015), point(116.031, 40.015)], properties: hotspot('2026-11-06') });
		expect(await other.changesets.latestId()).toBe(savedAt);
		const logged: string[] = [];
		const restarted = new ZoneFiguresService(other.features, other.changesets, clock, TIME_ZONE, new SavedStates(dir, 'build 1', 'town.db', (line) => logged.push(line)));
		expect(await restarted.warmFromSaved()).toBe(false);
		expect(logged).toEqual([`sanimap: the saved hotspots analysis state is of another history of the database (its changeset ${savedAt} is not stored as it was then); it is built afresh.`]);
		expect(await restarted.compute(QUERY)).toEqual(await new ZoneFiguresService(other.features, other.changesets, clock, TIME_ZONE).compute(QUERY));
		other.db.$client.close();
	});

	it('are built afresh from a damaged file, saying so, and saved whole again', async () => {
		const { db, changesets, features } = await cityWithHotspots();
		const dir = folder();
		const logged: string[] = [];
		const states = () => new SavedStates(dir, 'build 1', 'town.db', (line) => logged.push(line));
		const answer = await new ZoneFiguresService(features, changesets, clock, TIME_ZONE, states()).compute(QUERY);
		const [file] = readdirSync(dir);
		expect(file).toMatch(/^hotspots-[0-9a-f]{16}\.state$/);
		writeFileSync(join(dir, file), 'not a saved state');

		const restarted = new ZoneFiguresService(features, changesets, clock, TIME_ZONE, states());
		expect(await restarted.warmFromSaved()).toBe(false);
		expect(logged).toEqual([expect.stringMatching(/the saved hotspots analysis state is damaged .*; it is built afresh/)]);
		expect(await restarted.compute(QUERY)).toEqual(answer);
		expect(readdirSync(dir)).toEqual([file]);
		expect(await new ZoneFiguresService(features, changesets, clock, TIME_ZONE, states()).warmFromSaved()).toBe(true);
		db.$client.close();
	});

	it('answer as ever when the folder cannot be written, logging that once', async () => {
		const { db, changesets, features, layer } = await cityWithHotspots();
		const notAFolder = join(folder(), 'a-file');
		writeFileSync(notAFolder, '');
		const logged: string[] = [];
		const states = new SavedStates(notAFolder, 'build 1', 'town.db', (line) => logged.push(line));
		const kept = new ZoneFiguresService(features, changesets, clock, TIME_ZONE, states);
		await kept.compute(QUERY);
		await layer.apply({ op: 'move-zone', size: 0.03 });
		expect(await kept.compute(QUERY)).toEqual(await new ZoneFiguresService(features, changesets, clock, TIME_ZONE).compute(QUERY));
		expect(logged).toEqual([expect.stringMatching(/could not save the hotspots analysis state in .*a-file .*the next start builds it afresh/)]);
		db.$client.close();
	});
});
