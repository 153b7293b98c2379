import { describe, expect, it } from 'vitest';
import { parseGpx, parseKml } from './parse-xml-features';
import { parseXmlDocument } from './xml-document';
import { DEFAULT_IMPORT_LIMITS } from './types';

const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>北门宣传栏</name><ExtendedData><Data name="boardType"><value>健康教育</value></Data></ExtendedData><Point><coordinates>116.35,40.001</coordinates></Point></Placemark>
<Placemark><name>Lane</name><LineString><coordinates>116.35,40 116.351,40.001</coordinates></LineString></Placemark>
</Document></kml>`;

const GPX = `<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<wpt lat="40.0" lon="116.35"><name>Start</name></wpt>
<trk><name>Back lane survey</name><trkseg><trkpt lat="40.0" lon="116.35"/><trkpt lat="40.001" lon="116.351"/><trkpt lat="40.002" lon="116.351"/></trkseg></trk>
</gpx>`;

describe('KML and GPX', () => {
	it('reads KML placemarks with their extended data', () => {
		const out = parseKml(KML, DEFAULT_IMPORT_LIMITS);
		expect(out.ok).toBe(true);
		if (!out.ok) return;
		expect(out.file.rows.map((r) => (r.geometry as { type: string }).type)).toEqual(['Point', 'LineString']);
		expect(out.file.rows[0].attributes).toMatchObject({ name: '北门宣传栏', boardType: '健康教育' });
	});

	it('reads GPX tracks as lines and waypoints as points', () => {
		const out = parseGpx(GPX, DEFAULT_IMPORT_LIMITS);
		expect(out.ok).toBe(true);
		if (!out.ok) return;
		const types = out.file.rows.map((r) => (r.geometry as { type: string }).type).sort();
		expect(types).toEqual(['LineString', 'Point']);
		const track = out.file.rows.find((r) => (r.geometry as { type: string }).type === 'LineString')!;
		expect((track.geometry as { coordinates: number[][] }).coordinates).toHaveLength(3);
		expect(track.attributes.name).toBe('Back lane survey');
	});

	it('refuses a KML with an external entity before parsing it (no XXE)', () => {
		const evil = `<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><kml><Placemark><name>&xxe;</name><Point><coordinates>116,40</coordinates></Point></Placemark></kml>`;
		const out = parseKml(evil, DEFAULT_IMPORT_LIMITS);
		expect(out.ok).toBe(false);
		if (!out.ok) {
			expect(out.problem.code).toBe('import.xml.doctype');
			expect(out.problem.message).not.toContain('root:');
		}
	});

	it('refuses an entity declaration even without a DOCTYPE keyword in capitals', () => {
		expect(parseXmlDocument('<!doctype x [<!entity a "b">]><x>&a;</x>', 'KML').ok).toBe(false);
	});

	it('reports XML that is not well-formed', () => {
		const out = parseKml('<kml><Placemark></kml>', DEFAULT_IMPORT_LIMITS);
		expect(!out.ok && out.problem.code).toBe('import.xml.malformed');
	});

	it('says so when the XML is another format', () => {
		const out = parseKml('<gpx></gpx>', DEFAULT_IMPORT_LIMITS);
		expect(!out.ok && out.problem.code).toBe('import.kml.not-kml');
	});
});
