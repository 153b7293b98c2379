/**
 * Seeds a new, empty database with the demo community from `data/demo/` as a history that ends
 * just before `now` (demo-history.ts): a stock changeset, then the edits of the preceding months,
 * each dated when it happened. All of it in one transaction: a start that fails half-way leaves
 * an empty database, seeded again at the next start. Each feature goes through the same
 * validation as an edit, so bad seed data fails loudly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { KINDS } from '../../../domain/kinds';
import { DEFAULT_RULES } from '../../../domain/rules';
import { validateFeature } from '../../../domain/validate-feature';
import type { ChangesetStore } from '../../store/types';
import type { Change } from '../../../domain/edits/change';
import { patchBetween } from '../../../domain/edits/feature-state';
import { demoHistory, type DemoFeature } from './demo-history';

export interface SeedOptions {
	/** The server's now at its first start: the history ends just before it. */
	now: number;
	/** The project's time zone: dates without a time are its days. */
	timeZone: string;
}

export function readDemoFeatures(demoDir: string): DemoFeature[] {
	const features: DemoFeature[] = [];
	for (const def of KINDS) {
		const file = join(demoDir, `${def.collection}.geojson`);
		if (!existsSync(file)) continue;
		const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: unknown[] };
		fc.features.forEach((feature, i) => {
			const { id: _ignored, ...rest } = feature as Record<string, unknown>;
			const result = validateFeature(def, rest, 'create', { limits: { maxVertices: 1_000_000 } });
			if (!result.ok) {
				throw new Error(`Seed file ${file}, feature ${i}: ${result.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`);
			}
			const fileId = (feature as { id?: unknown }).id;
			features.push({ def, geometry: result.value.geometry as Geometry, properties: result.value.properties, ...(typeof fileId === 'string' ? { fileId } : {}) });
		});
	}
	return features;
}

/**
 * Seeds a new store with the demo community, each step's changeset stamped with the time of the
 * step: `changesetsAt` gives a store whose clock is the one the seed moves. Nothing happens when
 * the store has a changeset already (or another server seeded it first).
 */
export async function seedDemoCommunity(changesetsAt: (clock: () => Date) => ChangesetStore, demoDir: string, options: SeedOptions): Promise<{ created: number }> {
	let stepAt = options.now;
	const changesets = changesetsAt(() => new Date(stepAt));
	if ((await changesets.latestId()) > 0) return { created: 0 };
	const features = readDemoFeatures(demoDir);
	if (features.length === 0) return { created: 0 };
	const { steps } = demoHistory(features, { ...options, deadlineDays: DEFAULT_RULES.hotspotDeadlineDays });
	const written = new Map<number, { id: number; version: number; properties: Record<string, unknown> }>();
	// Vector surveys and activities name their zone by its id in the demo files; stored, it is the zone's feature id.
	const zoneIndex = new Map(features.flatMap((f, i) => (f.def.kind === 'zone' && f.fileId ? [[f.fileId, i] as const] : [])));
	const storedZoneId = (properties: Record<string, unknown>) => {
		const i = zoneIndex.get(String(properties.zoneId));
		return i === undefined ? properties : { ...properties, zoneId: String(written.get(i)!.id) };
	};
	const seeded = await changesets.seedEmpty(async (apply) => {
		for (const step of steps) {
			stepAt = step.at;
			const ops: Change[] = step.edits.map((edit) => {
				if ('create' in edit) {
					const f = features[edit.create];
					return { op: 'create', kind: f.def.kind, geometry: f.geometry, properties: 'zoneId' in edit.properties ? storedZoneId(edit.properties) : edit.properties };
				}
				const stored = written.get(edit.update)!;
				return { op: 'update', id: stored.id, baseVersion: stored.version, properties: patchBetween(stored.properties, edit.properties) };
			});
			const { results } = await apply(step.input, ops);
			step.edits.forEach((edit, i) =>
				written.set('create' in edit ? edit.create : edit.update, { id: results[i].id, version: results[i].version, properties: results[i].properties })
			);
		}
	});
	return { created: seeded ? features.length : 0 };
}
