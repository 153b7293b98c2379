/** Open breeding-site cases (蚊蝇孳生地) on the page, for a survey to link as its findings. */
import type { Layers } from '../state/layers.svelte';

export function breedingSitesOf(layers: Layers): { id: number; name: string; zoneId: string | null }[] {
	return [...(layers.byCollection.hotspots?.features.values() ?? [])]
		.filter((h) => h.properties?.category === 'mosquito-breeding' && !['verified', 'rejected'].includes(String(h.properties?.status)))
		.map((h) => ({
			id: h.id,
			name: (h.properties?.name as string | undefined) || (h.properties?.description as string | undefined)?.slice(0, 40) || `#${h.id}`,
			zoneId: typeof h.properties?.zoneId === 'string' ? h.properties.zoneId : null
		}));
}
