/**
 * MapLibre layers and legend entries for each asset kind, derived from the kind definitions so
 * the map and its legend can't disagree. Point kinds draw as circles: the offline basemap has no
 * glyph server, so nothing here needs fonts.
 */
import type { LayerSpecification, ExpressionSpecification } from 'maplibre-gl';
import type { KindDef } from '../../domain/kinds';
import type { LocalizedText } from '../../domain/i18n-text';
import { MAP_COLORS } from '../../domain/palette';

export interface LegendEntry {
	label: LocalizedText;
	color: string;
	shape: 'circle' | 'ring' | 'line' | 'dashed' | 'fill';
	/** For a fill: how strongly it is drawn (zones: nested ones add their shades up). */
	opacity?: number;
}

const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];

const HOTSPOT_STATUS_COLORS: Record<string, string> = MAP_COLORS.hotspot;
const DRAIN_CONDITION_COLORS: Record<string, string> = MAP_COLORS.drain;
/** A zone's fill: nested zones (a community's 片区 inside it) add theirs up, the selected one is stronger. */
const ZONE_FILL_OPACITY = 0.08;
const ZONE_SELECTED_OPACITY = 0.25;
const ROAD_WIDTH: Record<string, number> = { commercial: 4, main: 5, secondary: 4, branch: 3, alley: 2 };

const optionLabel = (def: KindDef, key: string, value: string): LocalizedText =>
	def.fields.find((f) => f.key === key)?.options?.find((o) => o.value === value)?.label ?? { zh: value, en: value };

function match<T extends string | number>(property: string, values: Record<string, T>, fallback: T): ExpressionSpecification {
	return ['match', ['get', property], ...Object.entries(values).flat(), fallback] as unknown as ExpressionSpecification;
}

/** The id of the source holding a kind's features (GeoJSON, or vector tiles for a tiled layer). */
export const sourceId = (def: KindDef) => `kind-${def.collection}`;

/** For a tiled layer: the small GeoJSON source drawing the features edited or opened on this page over the tiles. */
export const editsSourceId = (def: KindDef) => `kind-${def.collection}-edits`;

/** The collection a map source belongs to (`kind-bins`, `kind-bins-edits` → `bins`). */
export const collectionOfSource = (source: string) => source.replace(/^kind-/, '').replace(/-edits$/, '');

export interface KindLayerOptions {
	/** Draw from this source instead of the kind's own (the edits overlay); layer ids get `-edits`. */
	edits?: boolean;
	/** The kind's source is vector tiles: layers name their source-layer (= the collection id) and skip clusters. */
	tiled?: boolean;
}

const NOT_CLUSTER: ExpressionSpecification = ['!', ['has', 'point_count']];

/**
 * The kind's layers. For a tiled kind, each gets `'source-layer'`, point layers skip the clusters
 * the tiles hold at low zoom (drawn by clusterLayer instead), and an edits overlay repeats the
 * same layers over a GeoJSON source.
 */
export function kindLayers(def: KindDef, options: KindLayerOptions = {}): LayerSpecification[] {
	const layers = baseLayers(def, options.edits ? editsSourceId(def) : sourceId(def), (suffix) => `${def.collection}-${suffix}${options.edits ? '-edits' : ''}`);
	if (!options.tiled || options.edits) return layers;
	return layers.map((l) => {
		const withSource = { ...l, 'source-layer': def.collection } as LayerSpecification & { filter?: ExpressionSpecification };
		if (def.geometry === 'Point') withSource.filter = withSource.filter ? ['all', withSource.filter, NOT_CLUSTER] : NOT_CLUSTER;
		return withSource as LayerSpecification;
	});
}

/** For a tiled point kind: its clusters at low zoom, circles growing with the number of points. */
export function clusterLayer(def: KindDef): LayerSpecification {
	return {
		id: `${def.collection}-clusters`,
		type: 'circle',
		source: sourceId(def),
		'source-layer': def.collection,
		filter: ['has', 'point_count'],
		paint: {
			'circle-color': def.color,
			'circle-opacity': 0.55,
			'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'point_count']], 1, 5, 10, 14, 100, 30],
			'circle-stroke-color': '#ffffff',
			'circle-stroke-width': 1
		}
	};
}

function baseLayers(def: KindDef, source: string, id: (suffix: string) => string): LayerSpecification[] {
	switch (def.kind) {
		case 'zone':
			return [
				{ id: id('fill'), type: 'fill', source, paint: { 'fill-color': def.color, 'fill-opacity': ['case', selected, ZONE_SELECTED_OPACITY, ZONE_FILL_OPACITY] } },
				{ id: id('outline'), type: 'line', source, paint: { 'line-color': def.color, 'line-width': ['case', selected, 3, 1.5] } }
			];
		case 'roadSegment':
			return [
				{
					id: id('hardened'),
					type: 'line',
					source,
					filter: ['!=', ['get', 'hardened'], false],
					layout: { 'line-cap': 'round', 'line-join': 'round' },
					paint: {
						'line-color': ['case', selected, '#0f766e', MAP_COLORS.road.hardened],
						'line-width': ['interpolate', ['linear'], ['zoom'], 13, 1, 17, ['*', 2, match('roadClass', ROAD_WIDTH, 3)]]
					}
				},
				{
					id: id('unhardened'),
					type: 'line',
					source,
					filter: ['==', ['get', 'hardened'], false],
					layout: { 'line-join': 'round' },
					paint: { 'line-color': ['case', selected, '#0f766e', MAP_COLORS.road.unhardened], 'line-width': ['interpolate', ['linear'], ['zoom'], 13, 1.5, 17, 5], 'line-dasharray': [2, 1] }
				}
			];
		case 'drain':
			return [
				{
					id: id('lines'),
					type: 'line',
					source,
					layout: { 'line-cap': 'round' },
					paint: { 'line-color': match('condition', DRAIN_CONDITION_COLORS, def.color), 'line-width': ['case', selected, 6, 3] }
				}
			];
		default:
			return [
				{
					id: id('points'),
					type: 'circle',
					source,
					paint: {
						'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 3, 17, 7],
						'circle-color': pointColor(def),
						'circle-stroke-color': ['case', selected, '#111827', def.kind === 'bin' ? match('status', { planned: def.color, damaged: MAP_COLORS.bin.damaged, removed: MAP_COLORS.bin.removed }, '#ffffff') : '#ffffff'],
						'circle-stroke-width': ['case', selected, 3, def.kind === 'bin' ? match('status', { planned: 2.5, damaged: 2.5, removed: 2.5 }, 1) : 1]
					}
				}
			];
	}
}

function pointColor(def: KindDef): ExpressionSpecification | string {
	if (def.kind === 'hotspot') return match('status', HOTSPOT_STATUS_COLORS, def.color);
	if (def.kind === 'bin') return match('status', { planned: '#ffffff', removed: '#ffffff' }, def.color);
	if (def.kind === 'shop') return ['case', ['has', 'frontageContract'], def.color, MAP_COLORS.shop.unsigned];
	return def.color;
}

/** The ring of a shop's latest 门前三包 check on the map (FrontageLayer.svelte). */
export const FRONTAGE_COLORS = MAP_COLORS.frontage;

/** What the legend shows for a kind, in the same colours as kindLayers. */
export function legendEntries(def: KindDef): LegendEntry[] {
	switch (def.kind) {
		case 'hotspot':
			return Object.entries(HOTSPOT_STATUS_COLORS).map(([v, color]) => ({ label: optionLabel(def, 'status', v), color, shape: 'circle' }));
		case 'bin':
			return [
				{ label: optionLabel(def, 'status', 'installed'), color: def.color, shape: 'circle' },
				{ label: optionLabel(def, 'status', 'planned'), color: def.color, shape: 'ring' },
				{ label: optionLabel(def, 'status', 'damaged'), color: MAP_COLORS.bin.damaged, shape: 'ring' },
				{ label: optionLabel(def, 'status', 'removed'), color: MAP_COLORS.bin.removed, shape: 'ring' }
			];
		case 'shop':
			return [
				{ label: { zh: '已签门前三包', en: 'Frontage contract signed' }, color: def.color, shape: 'circle' },
				{ label: { zh: '未签门前三包', en: 'No frontage contract' }, color: MAP_COLORS.shop.unsigned, shape: 'circle' },
				{ label: { zh: '最近一次门前三包检查合格', en: 'Latest frontage check passed' }, color: FRONTAGE_COLORS.passed, shape: 'ring' },
				{ label: { zh: '最近一次门前三包检查不合格', en: 'Latest frontage check failed' }, color: FRONTAGE_COLORS.failed, shape: 'ring' }
			];
		case 'drain':
			return Object.entries(DRAIN_CONDITION_COLORS).map(([v, color]) => ({ label: optionLabel(def, 'condition', v), color, shape: 'line' }));
		case 'roadSegment':
			return [
				{ label: { zh: '已硬化', en: 'Hardened' }, color: MAP_COLORS.road.hardened, shape: 'line' },
				{ label: { zh: '未硬化', en: 'Not hardened' }, color: MAP_COLORS.road.unhardened, shape: 'dashed' }
			];
		case 'zone':
			// Three shades on the map: a community alone, a zone inside it (both fills), the selected zone.
			return [
				{ label: { zh: '社区（外层片区）', en: 'Community (outer zone)' }, color: def.color, shape: 'fill', opacity: ZONE_FILL_OPACITY },
				{ label: { zh: '社区内的片区（底色叠加）', en: 'Zone within the community (shades add up)' }, color: def.color, shape: 'fill', opacity: 1 - (1 - ZONE_FILL_OPACITY) ** 2 },
				{ label: { zh: '选中的片区', en: 'Selected zone' }, color: def.color, shape: 'fill', opacity: ZONE_SELECTED_OPACITY }
			];
		default:
			return [{ label: def.label, color: def.color, shape: 'circle' }];
	}
}

/**
 * The ids of every layer that may be drawn for a kind, for toggling and hit-testing: its own
 * layers and, when tiled, the edits overlay and the clusters. Check `map.getLayer` before use.
 */
export const kindLayerIds = (def: KindDef) => [
	...kindLayers(def).map((l) => l.id),
	...kindLayers(def, { edits: true }).map((l) => l.id),
	...(def.geometry === 'Point' ? [clusterLayer(def).id] : [])
];
