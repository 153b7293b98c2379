/**
 * Checks a Shapefile's .shp and .dbf against their real sizes before shpjs reads them. The reader
 * trusts the counts in the files: a 467-byte .dbf whose header claims 150 million records makes
 * it build 150 million rows, and a .shp record with a negative length makes it walk in place for
 * ever. Every count that sizes a loop is checked here against the bytes that are actually there
 * (formats: ESRI Shapefile Technical Description, 1998; dBASE III+ file structure).
 */
const SHP_HEADER = 100;
const SHP_FILE_CODE = 9994;
const DBF_HEADER = 32;

/** Shape types by their point layout (Z and M variants share the x/y part). */
const POINT_TYPES = new Set([1, 11, 21]);
const MULTIPOINT_TYPES = new Set([8, 18, 28]);
const PARTED_TYPES = new Set([3, 5, 13, 15, 23, 25, 31]);

export type HeaderCheck = { ok: true; records: number } | { ok: false; problem: string };

const fail = (problem: string): HeaderCheck => ({ ok: false, problem });

/** The .shp main file: its code, and every record's length and point counts within the file. */
export function checkShp(bytes: Uint8Array): HeaderCheck {
	if (bytes.byteLength < SHP_HEADER) return fail(`it has ${bytes.byteLength} bytes, fewer than the ${SHP_HEADER}-byte header every .shp file starts with`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getInt32(0) !== SHP_FILE_CODE) return fail('it does not start with the Shapefile file code (9994)');
	let records = 0;
	for (let offset = SHP_HEADER; offset + 8 <= bytes.byteLength; records++) {
		const contentBytes = view.getInt32(offset + 4) * 2;
		if (contentBytes < 4 || offset + 8 + contentBytes > bytes.byteLength) {
			return fail(`record ${records + 1} claims ${contentBytes} bytes of content at byte ${offset}, but the file ends at byte ${bytes.byteLength}`);
		}
		const content = offset + 8;
		const problem = recordProblem(view, content, contentBytes);
		if (problem) return fail(`record ${records + 1} ${problem}`);
		offset = content + contentBytes;
	}
	return { ok: true, records };
}

function recordProblem(view: DataView, at: number, length: number): string | null {
	const type = view.getInt32(at, true);
	if (type === 0) return null;
	if (POINT_TYPES.has(type)) return length >= 20 ? null : `is a point of ${length} bytes, fewer than the 20 it needs`;
	// Shape type (4), bounding box (32), then the counts.
	if (MULTIPOINT_TYPES.has(type)) {
		if (length < 40) return `is too short (${length} bytes) to hold its point count`;
		const points = view.getInt32(at + 36, true);
		return points >= 0 && 40 + points * 16 <= length ? null : `claims ${points} points, more than its ${length} bytes can hold`;
	}
	if (PARTED_TYPES.has(type)) {
		if (length < 44) return `is too short (${length} bytes) to hold its part and point counts`;
		const parts = view.getInt32(at + 36, true);
		const points = view.getInt32(at + 40, true);
		return parts >= 0 && points >= 0 && 44 + parts * 4 + points * 16 <= length ? null : `claims ${parts} parts and ${points} points, more than its ${length} bytes can hold`;
	}
	return `has the unknown shape type ${type}`;
}

/** The .dbf attribute table: its header, and record count × record length within the file. */
export function checkDbf(bytes: Uint8Array): HeaderCheck {
	if (bytes.byteLength < DBF_HEADER + 1) return fail(`it has ${bytes.byteLength} bytes, fewer than a dBASE header`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const records = view.getUint32(4, true);
	const headerBytes = view.getUint16(8, true);
	const recordBytes = view.getUint16(10, true);
	if (headerBytes < DBF_HEADER + 1 || headerBytes > bytes.byteLength) return fail(`its header claims ${headerBytes} bytes, but the file has ${bytes.byteLength}`);
	if (recordBytes < 1) return fail('its header gives records a length of 0 bytes');
	// The records follow the header; a closing 0x1A byte may follow them.
	if (headerBytes + records * recordBytes > bytes.byteLength) {
		return fail(`its header claims ${records} records of ${recordBytes} bytes (${headerBytes + records * recordBytes} bytes in all), but the file has only ${bytes.byteLength} bytes`);
	}
	return { ok: true, records };
}
