/**
 * Every colour the map and its legends give a meaning, in one place: the kinds' colours
 * (kinds/definitions.ts), their states (ui/map/kind-layers.ts), and each tab's overlays (planning,
 * hotspots, vectors) all read them from here, so no two meanings borrow one colour by accident.
 *
 * Palette: Okabe & Ito's colour-blind-safe qualitative palette ("Color Universal Design", 2008:
 * vermillion #D55E00, orange #E69F00, bluish green #009E73, blue #0072B2, sky blue #56B4E9,
 * reddish purple #CC79A7, yellow #F0E442, black). Eight hues cannot carry the thirty meanings the map
 * can show at once, so the others are lighter and darker versions of those hues, tuned so that any
 * two meanings on one tab differ by ΔE2000 ≥ 15 for normal vision, and any two of one shape (dots,
 * rings, lines) by ≥ 7 with deuteranopia or protanopia simulated (Machado et al. 2009): a reader
 * who cannot tell two hues apart still tells a dot from a line. palette.test.ts checks both.
 *
 * Sequential scales are ColorBrewer's (Brewer, colorbrewer2.org): RdYlBu, marked colour-blind safe,
 * for the classes of zone coverage and density level; Reds and YlOrRd, one lightness order each,
 * for counts of hotspot reports.
 */
export const MAP_COLORS = {
	hotspot: { reported: '#D55E00', assigned: '#E69F00', resolved: '#4B96FF', verified: '#666666', rejected: '#B4C3B4' },
	bin: { installed: '#009E73', damaged: '#B4A55A', removed: '#C3B4B4' },
	collectionPoint: '#00584A',
	displayBoard: '#0072B2',
	baitStation: '#4B1E0F',
	shop: { signed: '#B478B4', unsigned: '#FFB4F0' },
	/** The ring of a shop's latest 门前三包 check. */
	frontage: { passed: '#00E1E1', failed: '#B00000' },
	drain: { clear: '#8FD0F5', silted: '#877800', blocked: '#000000', overflowing: '#7A2E6B' },
	road: { hardened: '#968778', unhardened: '#8B5A2B' },
	vectorSurvey: '#2D4B96',
	vectorActivity: '#69874B',
	zone: '#D2D200',
	/** Hotspots tab: the ring round a case past its deadline. */
	overdueRing: '#783CE1',
	/** Planning tab: buildings no bin serves, suggested sites, spacing gaps (one colour, wider for stricter road classes). */
	uncovered: '#FF6E9C',
	site: '#1A1A5E',
	gap: '#C32D5A'
} as const;

/** ColorBrewer RdYlBu, 4 classes, worst first. */
const RD_YL_BU_4 = ['#D7191C', '#FDAE61', '#ABD9E9', '#2C7BB6'] as const;

export const MAP_SCALES = {
	/** Zone coverage classes (0–50, 50–70, 70–90, 90–100 %). */
	coverage: RD_YL_BU_4,
	/** Density control levels, below C first, then C, B, A. */
	densityLevels: RD_YL_BU_4,
	/** ColorBrewer Reds, 6 classes: hotspot counts of the grid and the zone choropleth. */
	hotspotCounts: ['#FEE5D9', '#FCBBA1', '#FC9272', '#FB6A4A', '#DE2D26', '#A50F15'],
	/** ColorBrewer YlOrRd: the heatmap's density ramp (its first stop is transparent). */
	heat: ['#FECC5C', '#FD8D3C', '#F03B20', '#BD0026']
} as const;
