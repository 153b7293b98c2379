import type { Layers } from '../state/layers.svelte';
import type { SessionUser } from '../auth/session-user';

/**
 * The zones a user may record a survey or activity for, by name: field staff given zones only
 * theirs (the server refuses any other with `zone.forbidden`), everyone else every zone.
 */
export function recordableZones(layers: Layers, user: SessionUser | null | undefined): { id: number; name: string }[] {
	const restricted = user?.role === 'field' && user.zones.length > 0;
	return [...layers.byCollection.zones.features.values()]
		.filter((z) => !restricted || user.zones.includes(z.id))
		.map((z) => ({ id: z.id, name: (z.properties?.name as string | undefined) ?? `#${z.id}` }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
