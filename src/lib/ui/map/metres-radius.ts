import type { ExpressionSpecification } from 'maplibre-gl';

/** Ground metres per CSS pixel of a MapLibre map (512-pixel tiles) at `zoom` and `latitude`. */
export function metresPerPixel(zoom: number, latitude: number): number {
	const equatorMetresPerPixelAtZoom0 = (2 * Math.PI * 6378137) / 512;
	return (equatorMetresPerPixelAtZoom0 * Math.cos((latitude * Math.PI) / 180)) / 2 ** zoom;
}

/**
 * A paint value in pixels that covers `metres` on the ground at every zoom (near `latitude`): the
 * pixel size doubles with each zoom level, so an exponential-2 interpolation between two zooms is
 * exact. For kernels and rings whose size has a meaning on the ground, not on the screen.
 */
export function metresRadiusExpression(metres: number, latitude: number, minZoom = 0, maxZoom = 24): ExpressionSpecification {
	const px = (z: number) => metres / metresPerPixel(z, latitude);
	return ['interpolate', ['exponential', 2], ['zoom'], minZoom, px(minZoom), maxZoom, px(maxZoom)];
}
