import type { Point } from 'geojson';
import { feature, type SeedFeature } from './feature';
import { roundPoint, type LonLat } from './geo';
import { shopName } from './names';
import { byOsmId, firstValue, osmId, osmName, type OsmFeature } from './osm';
import { dateBetween, type Rng } from './random';

export type ShopCategory = 'food' | 'barber' | 'lodging' | 'grocery' | 'other';

const GROCERY = new Set(['convenience', 'supermarket', 'general', 'department_store']);
const FOOD = new Set([
	'bakery', 'butcher', 'confectionery', 'greengrocer', 'alcohol', 'beverages', 'deli', 'seafood', 'pastry',
	'tea', 'coffee', 'cheese', 'chocolate', 'dairy', 'frozen_food', 'spices', 'wine', 'food', 'noodle', 'rice'
]);
const BARBER = new Set(['hairdresser', 'beauty', 'massage', 'cosmetics_service']);
const LODGING = new Set(['hotel', 'guest_house', 'hostel']);

/** The campaign's shop categories (五小门店 and the rest) from OSM `shop`; "a;b" counts as its first value. */
export function shopCategory(shop: unknown): ShopCategory {
	const v = firstValue(shop) ?? '';
	if (GROCERY.has(v)) return 'grocery';
	if (FOOD.has(v)) return 'food';
	if (BARBER.has(v)) return 'barber';
	if (LODGING.has(v)) return 'lodging';
	return 'other';
}

export interface Shop {
	id: string;
	point: LonLat;
	name: string;
	shop: string;
	category: ShopCategory;
}

export function buildShops(osmShops: readonly OsmFeature[], rng: Rng): { features: SeedFeature[]; shops: Shop[] } {
	const features: SeedFeature[] = [];
	const shops: Shop[] = [];
	const taken = new Set(osmShops.map((f) => osmName(f.properties)).filter((n): n is string => !!n));
	for (const f of byOsmId(osmShops)) {
		if (f.geometry.type !== 'Point') continue;
		const p = f.properties;
		const shop = firstValue(p.shop) ?? 'yes';
		const category = shopCategory(p.shop);
		const generated: string[] = [];
		let name = osmName(p);
		if (!name) {
			name = shopName(rng, shop, taken);
			generated.push('name');
		}
		// About 70 % have signed the frontage contract (门前三包); the rest have not (field absent).
		const frontageContract = rng.chance(0.7) ? dateBetween(rng, '2025-03-01', '2026-10-20') : undefined;
		generated.push('frontageContract');
		// Licences matter for trades that sell food: food shops and the small groceries (小食杂店).
		let hygieneLicence: string | undefined;
		if (category === 'food' || category === 'grocery') {
			hygieneLicence = rng.weighted([['valid', 0.8], ['expired', 0.12], ['none', 0.08]] as const);
			generated.push('hygieneLicence');
		}
		let lastInspection: string | undefined;
		let lastInspectionAt: string | undefined;
		if (rng.chance(0.85)) {
			const troubled = hygieneLicence === 'expired' || hygieneLicence === 'none';
			lastInspection = rng.weighted(
				troubled
					? ([['pass', 0.2], ['minor-issues', 0.45], ['fail', 0.35]] as const)
					: ([['pass', 0.68], ['minor-issues', 0.24], ['fail', 0.08]] as const)
			);
			lastInspectionAt = dateBetween(rng, '2026-06-01', '2026-11-20');
			generated.push('lastInspection', 'lastInspectionAt');
		}
		const id = `shop-${p.osm_type}-${p.osm_id}`;
		const point = roundPoint((f.geometry as Point).coordinates);
		features.push(
			feature(id, { type: 'Point', coordinates: point }, {
				name,
				category,
				frontageContract,
				hygieneLicence,
				lastInspection,
				lastInspectionAt,
				source: 'osm',
				generatedFields: generated,
				osmId: osmId(p)
			})
		);
		shops.push({ id, point, name, shop, category });
	}
	return { features, shops };
}
