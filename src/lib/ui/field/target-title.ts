/**
 * The title field mode gives what the worker tapped: its own name where it has one; otherwise
 * what it is in words (a case's category, a road's class, an asset's type) with its number, and
 * for an unnamed road the nearest named road, the way people give directions ("Alley near Birch
 * lane"). Never the layer's plural name ("Hotspots #177").
 */
import type { Geometry, Position } from 'geojson';
import type { KindDef } from '../../domain/kinds';
import type { LocalizedText } from '../../domain/i18n-text';
import { nearestLine } from './nearest-feature';

/** How far a named road may be to give an unnamed one its "near …" (about a block). */
export const NEAR_NAMED_MAX_M = 250;

interface Titled {
	id: number;
	geometry: Geometry | null;
	properties?: Record<string, unknown> | null;
}

/** The message to say it in: a name as it is, or a message key with its values. */
export type TitleText = { text: string } | { key: 'field.titles.numbered' | 'field.titles.near'; values: { what: string; id: number; place?: string } };

const nameOf = (f: Titled): string | null => {
	const name = f.properties?.name;
	return typeof name === 'string' && name.trim() ? name.trim() : null;
};

/**
 * What the feature is, in words: the value of its kind's first choice field, which every kind
 * leads with what it is (a case's category, a road's class, a bin's or drain's type); else its kind.
 */
function whatOf(f: Titled, def: KindDef, loc: (t: LocalizedText) => string): string {
	const field = def.fields.find((x) => x.type === 'enum');
	const option = field?.options?.find((o) => o.value === f.properties?.[field.key]);
	return loc(option ? option.label : def.label);
}

/** A point along the middle of a line (or the point itself), where "near" is measured from. */
function middleOf(g: Geometry | null): Position | null {
	if (!g) return null;
	if (g.type === 'Point') return g.coordinates;
	const line = g.type === 'LineString' ? g.coordinates : g.type === 'MultiLineString' ? g.coordinates[0] : null;
	return line && line.length ? line[Math.floor(line.length / 2)] : null;
}

/**
 * `named`: the roads that may lend their name (the road itself among them is skipped).
 * Only an unnamed line looks for a named road nearby; a point (a case, a bin) is named by what it is.
 */
export function targetTitle(f: Titled, def: KindDef, named: Iterable<Titled>, loc: (t: LocalizedText) => string): TitleText {
	const name = nameOf(f);
	if (name) return { text: name };
	const what = whatOf(f, def, loc);
	const isLine = f.geometry?.type === 'LineString' || f.geometry?.type === 'MultiLineString';
	const at = isLine ? middleOf(f.geometry) : null;
	if (at) {
		const others = [...named].filter((r) => r.id !== f.id && nameOf(r) !== null);
		const near = nearestLine(others, at, NEAR_NAMED_MAX_M);
		if (near) return { key: 'field.titles.near', values: { what, id: f.id, place: nameOf(near.item)! } };
	}
	return { key: 'field.titles.numbered', values: { what, id: f.id } };
}
