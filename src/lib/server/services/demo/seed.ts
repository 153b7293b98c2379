/**
 * Seeds a new, empty database with the demo community from `data/demo/` in one changeset.
 * Each feature goes through the same validation as an edit, so bad seed data fails loudly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { KINDS } from '../../../domain/kinds';
import { validateFeature } from '../../../domain/validate-feature';
import type { Change } from '../../../domain/edits/change';
import type { ChangesetStore } from '../../store/types';

export async function seedDemoCommunity(changesets: ChangesetStore, demoDir: string): Promise<{ created: number }> {
	if ((await changesets.latestId()) > 0) return { created: 0 };
	const ops: Change[] = [];
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
			ops.push({ op: 'create', kind: def.kind, geometry: result.value.geometry as Geometry, properties: result.value.properties });
		});
	}
	if (ops.length === 0) return { created: 0 };
	await changesets.apply({ author: 'sanimap', source: 'seed', comment: 'Demo community (OpenStreetMap data © OpenStreetMap contributors, ODbL; sanitation assets generated)' }, ops);
	return { created: ops.length };
}
