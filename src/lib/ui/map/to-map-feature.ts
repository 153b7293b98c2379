import type { Feature } from 'geojson';
import type { ApiFeature } from '../api-client';

/** What the map needs of a feature: geometry, properties and the numeric id feature-state uses. */
export const toMapFeature = (f: ApiFeature): Feature => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties });
