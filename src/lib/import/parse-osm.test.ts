/**
 * Areas in an OpenStreetMap extract that are also members of a relation: an exclave's closed way
 * with tags of its own is a zone, and so is the municipality's relation that uses it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseOsm } from './parse-osm';
import { prepareOsmRow } from './prepare-row';
import { DEFAULT_IMPORT_LIMITS } from './types';

const EXCLAVES = readFileSync(new URL('./fixtures/municipality-exclaves.osm', import.meta.url));

function zonesOf(bytes: Uint8Array) {
	const parsed = parseOsm('osm-xml', bytes, DEFAULT_IMPORT_LIMITS);
	if (!parsed.ok) throw new Error(parsed.problem.message);
	const prepared = parsed.file.rows.map((row) => ({ row, prepared: prepareOsmRow(row, { crs: 'wgs84', limits: DEFAULT_IMPORT_LIMITS }) }));
	return {
		zones: prepared.filter((p) => p.prepared?.candidate?.kind === 'zone').map((p) => p.prepared!.candidate!),
		issues: prepared.flatMap((p) => p.prepared?.issues ?? [])
	};
}

describe('OSM areas that are relation members', () => {
	it('imports both municipalities and each exclave way as zones, with no problem', () => {
		const { zones, issues } = zonesOf(new Uint8Array(EXCLAVES));
		expect(issues).toEqual([]);
		expect(zones.map((z) => z.key).sort()).toEqual(['relation/100', 'relation/200', 'way/2', 'way/4']);
		const byId = Object.fromEntries(zones.map((z) => [z.key, z]));
		// Vaduz: its main territory and both exclaves.
		expect(byId['relation/100'].geometry.type).toBe('MultiPolygon');
		expect((byId['relation/100'].geometry as { coordinates: unknown[] }).coordinates).toHaveLength(3);
		expect(byId['relation/100'].properties.name).toBe('Vaduz');
		// Schaan: one outline with the two exclaves as holes.
		expect(byId['relation/200'].geometry.type).toBe('Polygon');
		expect((byId['relation/200'].geometry as { coordinates: unknown[] }).coordinates).toHaveLength(3);
		expect(byId['relation/200'].properties.name).toBe('Schaan');
		// The exclaves, as their own ways drew them.
		expect(byId['way/2'].geometry).toEqual({ type: 'Polygon', coordinates: [[[9.51, 47.17], [9.52, 47.17], [9.52, 47.18], [9.51, 47.18], [9.51, 47.17]]] });
		expect(byId['way/4'].properties.name).toBe('Vaduz');
	});

	it('still builds an untagged-relation multipolygon from its one tagged outer way, once', () => {
		// The relation carries only its type; the area is the way's, under the way's id.
		const xml = `<?xml version="1.0"?><osm version="0.6">
			<node id="1" lat="47.16" lon="9.50"/><node id="2" lat="47.16" lon="9.54"/><node id="3" lat="47.19" lon="9.54"/><node id="4" lat="47.19" lon="9.50"/>
			<way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="landuse" v="residential"/><tag k="name" v="Block"/></way>
			<relation id="9"><member type="way" ref="1" role="outer"/><tag k="type" v="multipolygon"/></relation>
		</osm>`;
		const { zones, issues } = zonesOf(new TextEncoder().encode(xml));
		expect(issues).toEqual([]);
		expect(zones.map((z) => z.key)).toEqual(['way/1']);
	});
});
