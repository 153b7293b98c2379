/**
 * Road classes that count for bin spacing and hardening, and how OpenStreetMap `highway` values map
 * onto them. One place for this mapping: coverage gaps, hardening rates, the OSM import and the demo
 * data all use it.
 */
export const ROAD_CLASSES = ['commercial', 'main', 'secondary', 'branch', 'alley'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

const HIGHWAY_TO_CLASS: Readonly<Record<string, RoadClass>> = {
	trunk: 'main',
	trunk_link: 'main',
	primary: 'main',
	primary_link: 'main',
	secondary: 'secondary',
	secondary_link: 'secondary',
	tertiary: 'secondary',
	tertiary_link: 'secondary',
	unclassified: 'branch',
	residential: 'branch',
	living_street: 'branch',
	service: 'alley',
	track: 'alley',
	pedestrian: 'commercial'
};

export function isRoadClass(value: unknown): value is RoadClass {
	return typeof value === 'string' && (ROAD_CLASSES as readonly string[]).includes(value);
}

/** The class of an OSM `highway` value, or null when such a way is not a counted road (footway, path, steps, motorway, …). */
export function roadClassFromHighway(highway: unknown): RoadClass | null {
	return typeof highway === 'string' ? (HIGHWAY_TO_CLASS[highway] ?? null) : null;
}

/** A road's class: its own `roadClass` property when valid, else derived from OSM `highway`. */
export function roadClassOf(properties: Record<string, unknown> | null | undefined): RoadClass | null {
	if (!properties) return null;
	if (isRoadClass(properties.roadClass)) return properties.roadClass;
	return roadClassFromHighway(properties.highway);
}
