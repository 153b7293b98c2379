import { AREA_BOUNDS, BOARD_REFERENCE_DATE, DEMO_NOW, SEED } from './constants';
import type { SeedFeature } from './feature';
import { days, parseDate, toDate } from './random';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function tally(features: readonly SeedFeature[], key: string): string {
	const counts = new Map<string, number>();
	for (const f of features) {
		const v = String(f.properties[key] ?? '—');
		counts.set(v, (counts.get(v) ?? 0) + 1);
	}
	return [...counts.entries()]
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
		.map(([v, n]) => `${v} ${n}`)
		.join(', ');
}

/** data/README.md: attribution, licence, what is real and what is generated, and the figures. */
export function renderReadme(
	collections: Record<string, SeedFeature[]>,
	basemap: Record<string, SeedFeature[]>,
	files: Record<string, string>,
	gapStreets: readonly string[]
): string {
	const rows = Object.keys(files)
		.filter((p) => p.endsWith('.geojson'))
		.map((p) => {
			const id = p.replace('data/demo/', '').replace('basemap/', '').replace('.geojson', '');
			const features = p.includes('/basemap/') ? basemap[id] : collections[id];
			return `| \`${p.replace('data/', '')}\` | ${features.length} | ${kb(Buffer.byteLength(files[p]))} |`;
		});
	const total = Object.entries(files)
		.filter(([p]) => p.endsWith('.geojson'))
		.reduce((s, [, text]) => s + Buffer.byteLength(text), 0);
	const roads = collections['road-segments'];
	const hardened = roads.filter((f) => f.properties.hardened === true).length;
	const staleBefore = toDate(parseDate(BOARD_REFERENCE_DATE) - days(60));
	const stale = collections['display-boards'].filter((f) => String(f.properties.contentUpdatedAt) < staleBefore).length;
	const hotspots = collections.hotspots;
	const late = hotspots.filter((f) => f.properties.resolvedAt && String(f.properties.resolvedAt) > String(f.properties.dueAt)).length;

	return `# Demo community data

A Chinese demo community for sanimap: the neighbourhood around China Agricultural University
(中国农业大学) and Xueqing Road (学清路), Haidian District, Beijing — about 1.3 × 1.2 km, bounds
${AREA_BOUNDS.join(', ')} (lon/lat, WGS84). Roads, residential compounds (小区), shops, buildings and the
Xiaoyue River (小月河) are real OpenStreetMap data; the sanitation assets and most attributes a
campaign records are generated, plausibly, and marked as such.

## Attribution and licence

**© OpenStreetMap contributors.** The OpenStreetMap data is available under the Open Database
License 1.0 (ODbL): https://www.openstreetmap.org/copyright. These files are a changed database
made from it (clipped, re-tagged, with generated attributes added), and as such they are also
published under the ODbL; any public use must credit "© OpenStreetMap contributors". Source: the
\`.osm\` export in \`shared/data/osm/beijing_haidian_cau/\` (see \`shared/data/README.md\`).

## Files

One GeoJSON FeatureCollection per collection id (\`demo/*.geojson\`), plus context layers for the
offline basemap (\`demo/basemap/\`). Coordinates are WGS84 lon/lat rounded to 7 decimals; every
feature has a stable \`id\` and properties that validate against its kind's definition
(\`src/lib/domain/kinds/definitions.ts\`).

| file | features | size |
| --- | ---: | ---: |
${rows.join('\n')}
| total | | ${kb(total)} |

## What is real and what is generated

Features with \`"source": "osm"\` come from OpenStreetMap and keep their \`osmId\` (e.g. \`way/121510221\`);
the attributes listed in their \`generatedFields\` were made up here. Features with
\`"source": "generated"\` are wholly generated.

- **road-segments** (osm): the ways whose \`highway\` counts as a road class (\`roadClassFromHighway\`),
  clipped to the area's bounds (OSM exports carry whole ways, which ran kilometres outside); footways,
  paths, cycleways, steps and motorways are left out. \`roadClass\`, \`highway\`, \`name\` are OSM;
  \`surface\` is OSM where tagged (${roads.filter((f) => !(f.properties.generatedFields as string[]).includes('surface')).length} ways), otherwise generated together with
  \`hardened\`; \`hardenedAt\` (some recently hardened back roads) and \`widthM\` are generated.
  Hardened: ${hardened} of ${roads.length} (${Math.round((100 * hardened) / roads.length)} %). Surfaces: ${tally(roads, 'surface')}.
- **zones** (osm): the residential compounds; \`responsible\`, \`population\`, \`households\` generated
  (households from area × plot ratio ÷ flat size). The one compound OSM leaves unnamed gets a
  descriptive name from its nearest road (\`name\` listed in \`generatedFields\`).
- **shops** (osm): \`category\` from the OSM \`shop\` tag (convenience/supermarket → grocery; bakery,
  greengrocer and other food trades → food; hairdresser/beauty → barber; hotel → lodging; else other);
  generated: \`name\` where OSM has none, \`frontageContract\` (about 70 % signed; absent = not signed),
  \`hygieneLicence\` (food and grocery shops), \`lastInspection\` and \`lastInspectionAt\`.
  Categories: ${tally(collections.shops, 'category')}.
- **bins** (generated): along the counted roads at spacings near the CJJ 27 maxima, 2–6 m off the
  centreline (kerb side on one-way carriageways), a few by the doors of large buildings, with
  deliberate gaps of 440–520 m without any bin on ${gapStreets.join(', ')}. Types: ${tally(collections.bins, 'binType')};
  status: ${tally(collections.bins, 'status')}.
- **collection-points** (generated): refuse rooms / houses just inside compound gates and one
  transfer station. Types: ${tally(collections['collection-points'], 'pointType')}.
- **drains** (generated): lines 4 m beside some roads — lined ditches along the river roads, covered
  channels and pipes under the arterials, ditches in back lanes. Conditions: ${tally(collections.drains, 'condition')}.
- **display-boards** (generated): at compound gates and on the shopping streets; ${stale} of
  ${collections['display-boards'].length} have content older than 60 days on ${BOARD_REFERENCE_DATE} (stale).
- **hotspots** (generated): clustered around the two busiest shopping spots, two back alleys, the
  riverbank and the two largest compounds (Gaussian spread 35–60 m), plus some scattered inside
  compounds and along roads;
  reported 2026-05-01 … 2026-11-27. Status follows the lifecycle and the dates agree with it:
  \`dueAt\` = assignment + 7 days, \`resolvedAt\` on resolved and verified ones (${late} resolved late).
  \`zoneId\` is left out: the server computes it. Status: ${tally(hotspots, 'status')}.
- **bait-stations** (kept as written, \`scripts/demo-data/vector-records.ts\`): two rodent bait boxes by
  each of four compounds (学士居, 富润家园, 农大小区-北区, 静淑苑), bromadiolone wax blocks; two last refilled
  in September (stale by November).
- **vector-surveys**, **vector-activities** (kept as written, same file): 除四害 in the same four
  compounds, named by \`zoneId\` = the zone's id in \`zones.geojson\` (the seed stores the zone's feature
  id): monthly mosquito-larvae household surveys from September to November (one compound improving
  from below C to C, one still below C on the container index), powder-patch and trap surveys for
  rodents, fly rooms exactly at the C line (9 %) and cockroach rooms; monthly baiting (5–6 kg, 25–27
  one-kilo bags per compound), 3,000 m² sprayed in November, stations refilled, seven breeding
  containers cleared.
- **basemap/buildings**, **basemap/water** (osm): outlines and the river, with \`name\` and \`osmId\` only.

The files are dated as seen on ${DEMO_NOW.slice(0, 10)} (nothing happens later; only deadlines lie ahead). The
server seeds them relative to its first start: every date is moved by the same whole number of
weeks so the newest event lies in the week before, and the seed is a history of changesets, a stock
one and then each installation, hardening, renewal, contract, inspection and hotspot move on its
date (\`src/lib/server/services/demo/demo-history.ts\`). Rejected cases take their reason from the
bracket at the end of their description; verified ones are verified a day after they were resolved.

## Rebuilding

\`\`\`sh
npm run seed:build            # = npx tsx scripts/build-demo-data.ts [path/to/extract]
\`\`\`

The builder (\`scripts/build-demo-data.ts\`, helpers in \`scripts/demo-data/\`) reads the extract
(default \`tests/fixtures/osm/beijing_haidian_cau\`, a copy of that extract) and rewrites every file here. It is
deterministic — random seed \`${SEED}\`, one stream per layer — so a rebuild gives byte-identical
files; \`scripts/build-demo-data.test.ts\` checks that and validates every committed feature.
`;
}
