import { describe, expect, it } from 'vitest';
import { kindForOsmTags } from './osm-tags';

const kind = (tags: Record<string, string>) => kindForOsmTags(tags)?.kind ?? null;

describe('kindForOsmTags', () => {
	it('maps waste amenities to bins and collection points', () => {
		expect(kindForOsmTags({ amenity: 'waste_basket' })?.properties).toMatchObject({ binType: 'litter', source: 'osm' });
		expect(kindForOsmTags({ amenity: 'waste_disposal' })?.properties.binType).toBe('refuse');
		expect(kindForOsmTags({ amenity: 'recycling', recycling_type: 'container' })?.properties.binType).toBe('sorted-recycling');
		expect(kindForOsmTags({ amenity: 'recycling', recycling_type: 'centre' })).toMatchObject({ kind: 'collectionPoint', properties: { pointType: 'collection-point' } });
		expect(kindForOsmTags({ amenity: 'waste_transfer_station' })?.properties.pointType).toBe('transfer-station');
	});

	it('maps drains, culverts, boards and shops', () => {
		expect(kind({ waterway: 'ditch' })).toBe('drain');
		expect(kind({ waterway: 'stream', tunnel: 'culvert' })).toBe('drain');
		expect(kindForOsmTags({ waterway: 'stream', tunnel: 'culvert' })?.properties.drainType).toBe('covered-channel');
		expect(kind({ waterway: 'river' })).toBeNull();
		expect(kind({ tourism: 'information', information: 'board' })).toBe('displayBoard');
		expect(kind({ tourism: 'information', information: 'guidepost' })).toBeNull();
		expect(kind({ advertising: 'poster_box' })).toBe('displayBoard');
		expect(kind({ advertising: 'sign' })).toBeNull();
		expect(kindForOsmTags({ shop: 'hairdresser', name: 'Tony' })?.properties).toMatchObject({ category: 'barber', name: 'Tony' });
		expect(kindForOsmTags({ shop: 'florist' })?.properties.category).toBe('other');
	});

	it('maps counted highways with class, surface and hardening; skips footways', () => {
		expect(kindForOsmTags({ highway: 'residential', surface: 'asphalt' })?.properties).toMatchObject({ roadClass: 'branch', surface: 'asphalt', hardened: true, highway: 'residential' });
		expect(kindForOsmTags({ highway: 'track', surface: 'dirt' })?.properties).toMatchObject({ roadClass: 'alley', surface: 'earth', hardened: false });
		expect(kindForOsmTags({ highway: 'service' })?.properties.hardened).toBeUndefined();
		expect(kind({ highway: 'footway' })).toBeNull();
		expect(kind({ highway: 'bus_stop' })).toBeNull();
	});

	it('maps residential areas, neighbourhoods and low administrative boundaries to zones', () => {
		expect(kind({ landuse: 'residential' })).toBe('zone');
		expect(kind({ place: 'city_block' })).toBe('zone');
		expect(kind({ boundary: 'administrative', admin_level: '8' })).toBe('zone');
		expect(kind({ boundary: 'administrative', admin_level: '6' })).toBeNull();
		expect(kind({ landuse: 'commercial' })).toBeNull();
	});

	it('prefers the Chinese name when there is one', () => {
		expect(kindForOsmTags({ shop: 'bakery', name: 'Bakery', 'name:zh': '面包房' })?.properties.name).toBe('面包房');
	});
});
