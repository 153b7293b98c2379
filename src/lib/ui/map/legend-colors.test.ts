/**
 * Every meaning the map can show on a tab has a colour of its own. A tab shows the kinds' layers
 * (their legends in the layer panel) and its own overlays (planning: uncovered buildings, suggested
 * sites, spacing gaps, zone coverage; hotspots: overdue rings, the heatmap, the choropleth; vectors:
 * density levels). All colours are read from where the map and the legends take them.
 *
 * Two meanings share a colour when they look alike: CIEDE2000 below 15 for normal vision; and, for
 * two of one shape (two dots, two rings, two lines), below 7 as a reader with deuteranopia or
 * protanopia sees them. Sequential scales are read by their order and are not held to the distance
 * (a scale's neighbouring classes are meant to look related), but no class of one may be exactly a
 * colour another meaning on the tab uses. The same colour may mark one kind's states by shape or
 * strength: an installed bin's dot and a planned bin's ring, a zone's three shades.
 */
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../domain/kinds';
import { MAP_COLORS, MAP_SCALES } from '../../domain/palette';
import { legendEntries, type LegendEntry } from './kind-layers';
import { COVERAGE_CLASSES, GAP_COLOR, SITE_COLOR, UNCOVERED_COLOR } from '../planning/planning-style';
import { LEVEL_COLORS } from '../vectors/vector-style';
import { legendClasses, MEASURES } from '../hotspots/choropleth-measures';
import { colorDifference, deltaE2000 } from './color-difference';

interface Meaning {
	name: string;
	color: string;
	shape: 'dot' | 'ring' | 'line' | 'fill';
	/** One kind's own entries, which may share a colour when shape or strength differs. */
	group: string;
	opacity?: number;
	/** A class of a sequential scale. */
	scale?: string;
}

const shapeOf = (s: LegendEntry['shape']): Meaning['shape'] => (s === 'circle' ? 'dot' : s === 'dashed' ? 'line' : s);

const kindMeanings: Meaning[] = KINDS.flatMap((def) =>
	legendEntries(def).map((e) => ({ name: `${def.kind}: ${e.label.en}`, color: e.color, shape: shapeOf(e.shape), group: def.kind, opacity: e.opacity }))
);

const scale = (name: string, colors: readonly string[], shape: Meaning['shape'] = 'fill'): Meaning[] =>
	colors.map((color, i) => ({ name: `${name} class ${i + 1}`, color, shape, group: name, scale: name }));

const TABS: Record<string, Meaning[]> = {
	layers: kindMeanings,
	planning: [
		...kindMeanings,
		{ name: 'uncovered buildings', color: UNCOVERED_COLOR, shape: 'fill', group: 'uncovered' },
		{ name: 'suggested site', color: SITE_COLOR, shape: 'dot', group: 'site' },
		{ name: 'spacing gap', color: GAP_COLOR, shape: 'line', group: 'gap' },
		...scale('zone coverage', COVERAGE_CLASSES.map((c) => c.color))
	],
	hotspots: [
		...kindMeanings,
		{ name: 'overdue ring', color: MAP_COLORS.overdueRing, shape: 'ring', group: 'overdue' },
		...scale('heatmap', MAP_SCALES.heat),
		...MEASURES.flatMap((m) => scale(`choropleth ${m.id}`, legendClasses(m).map((c) => c.color)))
	],
	vectors: [...kindMeanings, ...scale('density level', Object.values(LEVEL_COLORS))]
};

const sameKindVariant = (a: Meaning, b: Meaning) => a.group === b.group && (a.shape !== b.shape || a.opacity !== b.opacity);
/** Choropleth measures are one scale, chosen one at a time. */
const sameScale = (a: Meaning, b: Meaning) => !!a.scale && !!b.scale && (a.scale === b.scale || (a.scale.startsWith('choropleth') && b.scale.startsWith('choropleth')));

function clashes(meanings: Meaning[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < meanings.length; i++) {
		for (let j = i + 1; j < meanings.length; j++) {
			const [a, b] = [meanings[i], meanings[j]];
			if (sameKindVariant(a, b) || sameScale(a, b)) continue;
			if (a.color.toLowerCase() === b.color.toLowerCase()) {
				out.push(`${a.name} and ${b.name} are both ${a.color}`);
				continue;
			}
			if (a.scale || b.scale) continue;
			const normal = colorDifference(a.color, b.color);
			if (normal < 15) out.push(`${a.name} (${a.color}) and ${b.name} (${b.color}) look alike: ΔE2000 ${normal.toFixed(1)}`);
			if (a.shape !== b.shape) continue;
			for (const deficiency of ['deuteranopia', 'protanopia'] as const) {
				const d = colorDifference(a.color, b.color, deficiency);
				if (d < 7) out.push(`${a.name} and ${b.name}, two ${a.shape}s, look alike with ${deficiency}: ΔE2000 ${d.toFixed(1)}`);
			}
		}
	}
	return out;
}

describe('legend colours', () => {
	it('measure colour difference as CIEDE2000 does (Sharma, Wu & Dalal 2005, test pairs 1 and 17)', () => {
		expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 4);
		expect(deltaE2000([50, 2.5, 0], [73, 25, -18])).toBeCloseTo(27.1492, 4);
	});

	it.each(Object.keys(TABS))('give every meaning on the %s tab a colour of its own', (tab) => {
		expect(TABS[tab].length).toBeGreaterThan(20);
		expect(clashes(TABS[tab])).toEqual([]);
	});

	it('catch the colours that were shared before (orange shops, cases and drains)', () => {
		const before: Meaning[] = [
			{ name: 'signed shop', color: '#ea580c', shape: 'dot', group: 'shop' },
			{ name: 'assigned case', color: '#f97316', shape: 'dot', group: 'hotspot' },
			{ name: 'silted drain', color: '#d97706', shape: 'line', group: 'drain' }
		];
		const found = clashes(before);
		for (const [a, b] of [['signed shop', 'assigned case'], ['signed shop', 'silted drain'], ['assigned case', 'silted drain']]) {
			expect(found.some((c) => c.startsWith(a) && c.includes(` and ${b}`) && c.includes('look alike: ')), `${a} / ${b}`).toBe(true);
		}
	});

	it('give the zones their three shades in the legend', () => {
		const zone = legendEntries(KINDS.find((d) => d.kind === 'zone')!);
		expect(zone).toHaveLength(3);
		expect(new Set(zone.map((e) => e.opacity)).size).toBe(3);
	});
});
