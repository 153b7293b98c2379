/**
 * Photos of hotspot reports and resolutions. An upload is the raw image as the request body
 * (`Content-Type: image/jpeg|png|webp`, optional `X-Filename`): a phone posts the File it took as
 * it is, without multipart framing. It is refused early when larger than the limit, its type is
 * read from the bytes (file-type), not trusted from the header or the name, and it is re-encoded
 * with sharp before it is stored. Re-encoding drops every metadata block — EXIF (GPS position,
 * camera, time), XMP, IPTC — deliberately: a report's position is the point on the map, and a
 * photo should not publish where a field worker lives. Orientation is applied to the pixels first.
 */
import { readWithinLimit, refuseDeclaredOversize } from '../../limited-body';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { PhotoRow, PhotoStore } from '../../store/photos';
import { ServiceError } from '../service-error';
import { config } from '../../config';

export const PHOTO_TYPES = {
	'image/jpeg': { ext: 'jpg', extensions: ['jpg', 'jpeg', 'jfif'] },
	'image/png': { ext: 'png', extensions: ['png'] },
	'image/webp': { ext: 'webp', extensions: ['webp'] }
} as const;

export type PhotoType = keyof typeof PHOTO_TYPES;

/** Long side of a stored photo; a 48 MP phone picture is more than a case needs. */
const MAX_SIDE_PX = 2560;
/** Refuses decompression bombs before decoding: a small file that claims a huge canvas. */
const MAX_INPUT_PIXELS = 100_000_000;

export interface PhotoSettings {
	/** Where photo files live (SANIMAP_PHOTO_DIR; default `photos/` beside the database). */
	dir: string;
	/** Largest upload, bytes (SANIMAP_MAX_PHOTO_BYTES; default 8 MB). */
	maxBytes: number;
}

export function photoSettingsFromEnv(): PhotoSettings {
	return { dir: config.photoDir, maxBytes: config.maxPhotoBytes };
}

export interface PhotoRecord {
	id: string;
	contentType: PhotoType;
	bytes: number;
	width: number | null;
	height: number | null;
	createdAt: string;
	url: string;
}

const isPhotoType = (t: string): t is PhotoType => t in PHOTO_TYPES;

const tooLarge = (maxBytes: number) =>
	new ServiceError('too-large', 'photo.too-large', `The photo is larger than the limit of ${Math.round(maxBytes / 1024 / 1024 * 10) / 10} MB (SANIMAP_MAX_PHOTO_BYTES).`, {
		limitBytes: maxBytes
	});

/** Reads the upload, stopping as soon as it passes the limit (by Content-Length up front, or while streaming). */
export async function readPhotoBody(request: Request, maxBytes: number): Promise<Buffer> {
	refuseDeclaredOversize(request, maxBytes, () => tooLarge(maxBytes));
	if (!request.body) throw new ServiceError('invalid', 'photo.missing', 'Send the photo as the request body.');
	const bytes = await readWithinLimit(request.body, maxBytes, () => tooLarge(maxBytes));
	if (bytes.length === 0) throw new ServiceError('invalid', 'photo.missing', 'The photo is empty.');
	return bytes;
}

export interface UploadMeta {
	/** The Content-Type the client declared. */
	contentType: string | null;
	/** The file name the client gave, if any; its extension must agree with the bytes. */
	filename?: string | null;
	author: string;
}

export class PhotoService {
	constructor(
		private readonly records: PhotoStore,
		private readonly settings: PhotoSettings,
		private readonly clock: () => Date = () => new Date()
	) {}

	get maxBytes(): number {
		return this.settings.maxBytes;
	}

	async store(bytes: Buffer, meta: UploadMeta): Promise<PhotoRecord> {
		const declared = (meta.contentType ?? '').split(';')[0].trim().toLowerCase();
		if (!isPhotoType(declared)) {
			throw new ServiceError('unsupported-type', 'photo.content-type', 'Send a JPEG, PNG or WebP photo with Content-Type image/jpeg, image/png or image/webp.', {
				accepted: Object.keys(PHOTO_TYPES)
			});
		}
		const detected = await fileTypeFromBuffer(bytes);
		if (!detected || !isPhotoType(detected.mime)) {
			throw new ServiceError('unsupported-type', 'photo.not-image', 'The file is not a JPEG, PNG or WebP image.', { detected: detected?.mime ?? null });
		}
		if (detected.mime !== declared) {
			throw new ServiceError('unsupported-type', 'photo.type-mismatch', `The file is a ${detected.mime} image but was sent as ${declared}.`, { detected: detected.mime, declared });
		}
		const ext = meta.filename ? /\.([A-Za-z0-9]+)$/.exec(meta.filename)?.[1]?.toLowerCase() : undefined;
		if (meta.filename && !(PHOTO_TYPES[detected.mime].extensions as readonly string[]).includes(ext ?? '')) {
			throw new ServiceError('invalid', 'photo.extension-mismatch', `The file name "${meta.filename}" does not match its content (a ${detected.mime} image).`, {
				detected: detected.mime,
				filename: meta.filename
			});
		}

		const encoded = await reencode(bytes, detected.mime).catch((e: Error) => {
			throw new ServiceError('invalid', 'photo.unreadable', `The image could not be read: ${e.message}`);
		});

		const id = randomUUID();
		const now = this.clock().toISOString();
		const relative = join(now.slice(0, 7), `${id}.${PHOTO_TYPES[detected.mime].ext}`);
		const path = join(this.settings.dir, relative);
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, encoded.data);
		const row: PhotoRow = {
			id,
			contentType: detected.mime,
			bytes: encoded.data.byteLength,
			sha256: createHash('sha256').update(encoded.data).digest('hex'),
			path: relative,
			width: encoded.info.width,
			height: encoded.info.height,
			createdAt: now,
			createdBy: meta.author
		};
		// A random UUID drawn twice would be a broken random source, not a client's mistake.
		if (!(await this.records.insert(row))) throw new Error(`A photo ${id} is recorded already.`);
		return toRecord(row);
	}

	/** A stored photo and where its file is, or undefined. */
	async get(id: string): Promise<(PhotoRecord & { file: string; sha256: string }) | undefined> {
		const row = await this.records.get(id);
		if (!row) return undefined;
		const file = join(this.settings.dir, row.path);
		return existsSync(file) ? { ...toRecord(row), file, sha256: row.sha256 } : undefined;
	}

	/** The ids among `ids` that are not stored photos. */
	missing(ids: readonly string[]): Promise<string[]> {
		return this.records.missing(ids);
	}
}

/**
 * rotate() bakes the EXIF orientation into the pixels; without keepMetadata() sharp writes no EXIF,
 * XMP or IPTC at all, so the GPS position is gone.
 */
function reencode(bytes: Buffer, type: PhotoType) {
	const pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
		.rotate()
		.resize({ width: MAX_SIDE_PX, height: MAX_SIDE_PX, fit: 'inside', withoutEnlargement: true });
	const out =
		type === 'image/jpeg' ? pipeline.jpeg({ quality: 85, mozjpeg: true }) : type === 'image/png' ? pipeline.png({ compressionLevel: 9 }) : pipeline.webp({ quality: 85 });
	return out.toBuffer({ resolveWithObject: true });
}

function toRecord(row: PhotoRow): PhotoRecord {
	return {
		id: row.id,
		contentType: row.contentType as PhotoType,
		bytes: row.bytes,
		width: row.width,
		height: row.height,
		createdAt: row.createdAt,
		url: `/api/photos/${row.id}`
	};
}
