/**
 * The numbered badge of a suggested site ("3 · +12": its rank and the households it newly serves),
 * drawn on a canvas for `map.addImage`: the offline basemap has no glyph server, so map text
 * cannot be used.
 */
import { SITE_COLOR } from './planning-style';

export const badgeImageId = (rank: number, gain: number) => `planning-site-${rank}-${gain}`;

export function drawSiteBadge(rank: number, gain: number, pixelRatio: number): ImageData {
	const label = `${rank} · +${Math.round(gain * 10) / 10}`;
	const font = `600 ${12 * pixelRatio}px system-ui, sans-serif`;
	const measure = document.createElement('canvas').getContext('2d')!;
	measure.font = font;
	const pad = 6 * pixelRatio;
	const height = 20 * pixelRatio;
	const width = Math.ceil(measure.measureText(label).width + pad * 2);
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d')!;
	const r = height / 2;
	ctx.fillStyle = SITE_COLOR;
	ctx.strokeStyle = '#ffffff';
	ctx.lineWidth = 2 * pixelRatio;
	ctx.beginPath();
	ctx.roundRect(ctx.lineWidth / 2, ctx.lineWidth / 2, width - ctx.lineWidth, height - ctx.lineWidth, r);
	ctx.fill();
	ctx.stroke();
	ctx.fillStyle = '#ffffff';
	ctx.font = font;
	ctx.textBaseline = 'middle';
	ctx.textAlign = 'center';
	ctx.fillText(label, width / 2, height / 2 + pixelRatio);
	return ctx.getImageData(0, 0, width, height);
}
