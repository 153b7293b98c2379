/** The seed of every random stream; change it and every generated attribute changes. */
export const SEED = 'sanimap-demo-haidian-cau-2026';

/**
 * The date the demo is "seen" on: hotspot histories stop the day before, and display-board
 * staleness (60-day rule) is meant to be judged against 2026-11-01 or later.
 */
export const DEMO_NOW = '2026-11-28T00:00:00Z';
export const BOARD_REFERENCE_DATE = '2026-11-01';

/**
 * The extract's own bounds (`<bounds>` of osm/raw/beijing_haidian_cau.osm). OSM exports include
 * whole ways, so roads and the river run kilometres past the area; they are clipped here so the
 * demo community is the area itself and bin-spacing analysis is not flooded by roads nobody maps.
 */
export const AREA_BOUNDS: [number, number, number, number] = [116.34403, 39.99767, 116.35974, 40.00888];

export const DEFAULT_EXTRACT = 'tests/fixtures/osm/beijing_haidian_cau';

export const COORD_DECIMALS = 7;
