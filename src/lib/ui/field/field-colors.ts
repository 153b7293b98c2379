/** The colours of what field mode draws over the asset layers (FieldOverlays), which its legend (FieldLegend) shows. */
export const FIELD_COLORS = {
	/** A zone's outline when it meets, or does not meet, the hardening target. */
	zoneMet: '#15803d',
	zoneNotMet: '#dc2626',
	/** An edit still waiting on the phone, and one that stopped the queue (a conflict or a refusal). */
	waiting: '#f59e0b',
	stopped: '#dc2626',
	/** The worker's position and its accuracy circle. */
	position: '#2563eb'
} as const;
