/**
 * Opens every layer of a running sanimap in QGIS itself, through the OGC API – Features URL as a
 * QGIS user adds it (Layer ▸ Add WFS / OGC API – Features layer), and prints, per layer, the
 * feature count QGIS reads beside the count the API reports. Exits 1 when any differs or a layer
 * does not open.
 *
 *   npx tsx scripts/qgis-read-layers.ts http://127.0.0.1:3000
 *
 * Needs QGIS's Python bindings (Debian: apt-get install python3-qgis qgis-providers); runs without
 * a display. Not part of `npm test`: QGIS is a large install, and the OGC API is checked in the
 * tests with GDAL's OAPIF driver (tests/api/ogc-gdal.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const base = (process.argv[2] ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const collections = (await (await fetch(`${base}/api/collections`)).json()) as { collections: { id: string }[] };
const expected = new Map<string, number>();
for (const c of collections.collections) {
	const page = (await (await fetch(`${base}/api/collections/${c.id}/items?limit=1`)).json()) as { numberMatched: number };
	expected.set(c.id, page.numberMatched);
}

// QGIS's OAPIF provider (the one behind its "Add WFS / OGC API – Features layer" dialog).
const program = `
import json, os, sys
from qgis.core import QgsApplication, QgsVectorLayer
# Without the prefix path the providers load half-configured and the OAPIF one crashes.
QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([], False)
app.initQgis()
out = {}
for layer_id in json.loads(sys.argv[2]):
    layer = QgsVectorLayer(f"url='{sys.argv[1]}/api' typename='{layer_id}'", layer_id, "OAPIF")
    out[layer_id] = {"valid": layer.isValid(), "features": sum(1 for _ in layer.getFeatures()) if layer.isValid() else None,
                     "error": layer.error().summary() if not layer.isValid() else None}
print(json.dumps(out), flush=True)
# QGIS 3.22 can crash while tearing itself down from a script; the answer is out already.
os._exit(0)
`;
// Debian's Python, where python3-qgis installs, even when another python3 comes first on the PATH.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const run = spawnSync(python, ['-c', program, base, JSON.stringify([...expected.keys()])], {
	encoding: 'utf8',
	env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
	maxBuffer: 16 * 1024 * 1024
});
if (run.status !== 0) {
	console.error(run.stderr || run.error?.message);
	console.error('QGIS could not be run: install its Python bindings (apt-get install python3-qgis qgis-providers).');
	process.exit(1);
}
const read = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, { valid: boolean; features: number | null; error: string | null }>;
let ok = true;
for (const [id, count] of expected) {
	const q = read[id];
	const same = q?.valid && q.features === count;
	ok &&= Boolean(same);
	console.log(`${same ? 'ok  ' : 'DIFF'} ${id}: QGIS read ${q?.features ?? `nothing (${q?.error})`}, the API has ${count}`);
}
process.exit(ok ? 0 : 1);
