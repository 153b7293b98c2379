/**
 * Which of our kinds an OpenStreetMap element is, from its tags, and the properties it brings.
 * One rule list, checked in order; the first that matches decides. Values follow the OSM wiki:
 * amenity=waste_basket / waste_disposal / recycling / waste_transfer_station, waterway=*,
 * tunnel=culvert, shop=*, tourism=information + information=board, advertising=*, highway=*
 * (counted classes only, see road-class.ts), landuse=residential, place=*, boundary=administrative.
 */
import { roadClassFromHighway } from '../domain/road-class';
import { hardeningFromSurface } from '../domain/surface';

export type OsmTags = Readonly<Record<string, string>>;

export interface OsmKindMatch {
	kind: 'bin' | 'collectionPoint' | 'drain' | 'displayBoard' | 'shop' | 'roadSegment' | 'zone';
	properties: Record<string, unknown>;
}

const ADVERTISING_BOARDS = new Set(['board', 'billboard', 'column', 'poster_box']);
const DRAIN_WATERWAYS = new Set(['drain', 'ditch', 'canal']);
const ZONE_PLACES = new Set(['neighbourhood', 'quarter', 'city_block']);

/** OSM shop=* values by our shop categories; anything else is "other". */
const SHOP_CATEGORY: Record<string, string> = {
	bakery: 'food', butcher: 'food', greengrocer: 'food', seafood: 'food', deli: 'food', confectionery: 'food', pastry: 'food',
	beverages: 'food', alcohol: 'food', wine: 'food', tea: 'food', coffee: 'food', cheese: 'food', chocolate: 'food', dairy: 'food',
	farm: 'food', frozen_food: 'food', ice_cream: 'food', food: 'food', health_food: 'food', spices: 'food', nuts: 'food', water: 'food',
	hairdresser: 'barber', beauty: 'barber', barber: 'barber', cosmetics: 'barber', massage: 'barber', nails: 'barber', tattoo: 'barber',
	convenience: 'grocery', supermarket: 'grocery', general: 'grocery', variety_store: 'grocery', department_store: 'grocery',
	kiosk: 'grocery', mall: 'grocery', wholesale: 'grocery'
};

/** OSM surface=* onto our surface options. */
function surfaceOf(surface: string | undefined): string | undefined {
	if (!surface) return undefined;
	if (surface === 'asphalt' || surface === 'chipseal') return 'asphalt';
	if (surface.startsWith('concrete')) return 'concrete';
	if (/^(paving_stones|sett|bricks|cobblestone|unhewn_cobblestone|paving|grass_paver|tiles)/.test(surface)) return 'paving';
	if (/^(gravel|fine_gravel|compacted|pebblestone|rock|shells)$/.test(surface)) return 'gravel';
	if (/^(dirt|earth|ground|mud|sand|grass|clay|unpaved)$/.test(surface)) return 'earth';
	return 'unknown';
}

const common = (tags: OsmTags): Record<string, unknown> => {
	const name = tags['name:zh'] ?? tags.name;
	return { source: 'osm', ...(name ? { name: name.slice(0, 200) } : {}), ...(tags.description ? { description: tags.description.slice(0, 4000) } : {}) };
};

const positiveNumber = (v: string | undefined): number | undefined => {
	const n = v === undefined ? NaN : Number.parseFloat(v);
	return Number.isFinite(n) && n > 0 ? n : undefined;
};

export function kindForOsmTags(tags: OsmTags): OsmKindMatch | null {
	const amenity = tags.amenity;
	if (amenity === 'waste_basket') return { kind: 'bin', properties: { ...common(tags), binType: 'litter' } };
	if (amenity === 'waste_disposal') return { kind: 'bin', properties: { ...common(tags), binType: 'refuse' } };
	if (amenity === 'recycling') {
		if (tags.recycling_type === 'centre') return { kind: 'collectionPoint', properties: { ...common(tags), pointType: 'collection-point' } };
		return { kind: 'bin', properties: { ...common(tags), binType: 'sorted-recycling' } };
	}
	if (amenity === 'waste_transfer_station') return { kind: 'collectionPoint', properties: { ...common(tags), pointType: 'transfer-station' } };

	if ((tags.tourism === 'information' && tags.information === 'board') || ADVERTISING_BOARDS.has(tags.advertising ?? '')) {
		return { kind: 'displayBoard', properties: { ...common(tags), boardType: 'notice' } };
	}
	if (tags.shop) return { kind: 'shop', properties: { ...common(tags), category: SHOP_CATEGORY[tags.shop] ?? 'other' } };

	if (DRAIN_WATERWAYS.has(tags.waterway ?? '') || tags.tunnel === 'culvert') {
		const covered = tags.tunnel === 'culvert' || tags.covered === 'yes' || tags.tunnel === 'yes';
		return { kind: 'drain', properties: { ...common(tags), drainType: covered ? 'covered-channel' : 'open-ditch', ...(tags.lining ? { lined: tags.lining !== 'no' } : {}) } };
	}

	const roadClass = roadClassFromHighway(tags.highway);
	if (roadClass) {
		const hardening = hardeningFromSurface(tags.surface);
		const width = positiveNumber(tags.width);
		return {
			kind: 'roadSegment',
			properties: {
				...common(tags),
				roadClass,
				highway: tags.highway,
				...(tags.surface ? { surface: surfaceOf(tags.surface) } : {}),
				...(hardening !== 'unknown' ? { hardened: hardening === 'hardened' } : {}),
				...(width !== undefined && width <= 100 ? { widthM: width } : {})
			}
		};
	}

	const adminLevel = Number(tags.admin_level);
	if (tags.landuse === 'residential' || ZONE_PLACES.has(tags.place ?? '') || (tags.boundary === 'administrative' && Number.isFinite(adminLevel) && adminLevel >= 8)) {
		const population = positiveNumber(tags.population);
		return { kind: 'zone', properties: { ...common(tags), ...(population !== undefined && Number.isInteger(population) ? { population } : {}) } };
	}
	return null;
}
