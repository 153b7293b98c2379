import { describe, expect, it, beforeEach } from 'vitest';
import { get } from 'svelte/store';
import { getMessageFormatter } from 'svelte-i18n';
import en from '../i18n/messages/import.en.json';
import zh from '../i18n/messages/import.zh.json';
import { locale, t } from '../i18n';
import { issueText, issueValues } from './issue-text';
import { ALL_IMPORT_CODES, IMPORT_FILE_CODES, IMPORT_ROW_CODES } from '../../import/issue-codes';
import { FEATURE_ISSUE_CODES } from '../../domain/validate-feature';
import { GEOMETRY_ISSUE_CODES } from '../../geo/validate-geometry';
import { ATTRIBUTE_ISSUE_CODES } from '../../domain/attribute-values';
import { parseCsv } from '../../import/parse-csv';
import { parseFile } from '../../import/parse-file';
import { prepareFileRow } from '../../import/prepare-row';
import { guessMapping } from '../../import/column-mapping';
import { validateFeature } from '../../domain/validate-feature';
import { kindByCollection } from '../../domain/kinds';
import { DEFAULT_IMPORT_LIMITS, type ImportIssue, type ParsedFile } from '../../import/types';

const catalogue = { en: en.import.issue as Record<string, string>, zh: zh.import.issue as Record<string, string> };
const bins = kindByCollection('bins')!;

async function csvFile(text: string): Promise<ParsedFile> {
	const out = await parseCsv(text, DEFAULT_IMPORT_LIMITS);
	if (!out.ok) throw new Error(out.problem.message);
	return out.file;
}

/** The issues of every row of a CSV of bins, as the preview has them. */
async function binIssues(text: string): Promise<ImportIssue[]> {
	const file = await csvFile(text);
	const { mapping } = guessMapping(bins, file.columns, { skip: ['经度', '纬度', 'lon', 'lat'], rows: [] });
	const rows = file.rows.flatMap((r) => prepareFileRow(r, { def: bins, mapping, crs: 'wgs84', limits: DEFAULT_IMPORT_LIMITS }).issues);
	return [...file.issues, ...rows];
}

const say = (lang: 'zh' | 'en', issue: { code: string; message: string; row?: number | null; params?: Record<string, unknown> }) => {
	locale.set(lang);
	return get(issueText)(issue);
};

describe('the catalogue of import messages', () => {
	it('lists the codes of every place that makes them', () => {
		for (const code of [...IMPORT_ROW_CODES, ...IMPORT_FILE_CODES, ...FEATURE_ISSUE_CODES, ...GEOMETRY_ISSUE_CODES, ...ATTRIBUTE_ISSUE_CODES]) expect(ALL_IMPORT_CODES).toContain(code);
	});

	it.each(['en', 'zh'] as const)('has a message in %s for every code an import can give, and none for a code no one gives', (lang) => {
		const missing = ALL_IMPORT_CODES.filter((c) => typeof catalogue[lang][c] !== 'string' || catalogue[lang][c].trim() === '');
		expect(missing).toEqual([]);
		expect(Object.keys(catalogue[lang]).filter((c) => !ALL_IMPORT_CODES.includes(c))).toEqual([]);
	});

	it.each(['en', 'zh'] as const)('writes every %s message in valid ICU syntax', (lang) => {
		for (const [code, text] of Object.entries(catalogue[lang])) expect(() => getMessageFormatter(text, lang), code).not.toThrow();
	});

	it('puts Chinese messages in full-width punctuation', () => {
		for (const [code, text] of Object.entries(catalogue.zh)) {
			// Outside ICU arguments and quoted names, no ASCII sentence punctuation.
			let prose = text.replace(/“[^”]*”/g, '');
			for (let before = ''; before !== prose; ) [before, prose] = [prose, prose.replace(/\{[^{}]*\}/g, '')];
			expect(prose, code).not.toMatch(/[A-Za-z0-9)\]]\s*[,;:]|[,;:]\s|\(\S|\.\s*$/);
		}
	});
});

describe('import problems carry the values their message is built from', () => {
	it('a coordinate that is not a number: row, column and value', async () => {
		const [issue] = (await csvFile('名称,经度,纬度\n北门,abc,40\n')).issues;
		expect(issue).toMatchObject({ row: 2, code: 'csv.coordinates.not-number', params: { row: 2, column: '经度', value: 'abc' } });
		expect(issue.message).toBe('Line 2: 经度 "abc" is not a number.');
	});

	it('a value that is not one of a field’s options: the field’s key with its kind, the value and the options', async () => {
		const issues = await binIssues('name,status,lon,lat\nA,broken-ish,116.35,40\n');
		expect(issues).toHaveLength(1);
		expect(issues[0]).toMatchObject({ code: 'value.unknown', params: { row: 2, column: 'status', kind: 'bin', field: 'status', value: 'broken-ish' } });
		expect(issues[0].params!.allowed).toMatch(/^planned, installed/);
	});

	it('a latitude out of range: the axis, the value and the bounds', async () => {
		const [issue] = await binIssues('name,lon,lat\nA,116.35,123.4\n');
		expect(issue).toMatchObject({ code: 'geometry.coordinates.range', params: { row: 2, axis: 'latitude', value: 123.4, min: -90, max: 90 } });
	});

	it('a feature’s validation: the field and the limit', () => {
		const out = validateFeature(bins, { type: 'Feature', geometry: { type: 'Point', coordinates: [116, 40] }, properties: { capacityL: -5, name: 'x'.repeat(500) } }, 'create');
		expect(out.ok).toBe(false);
		const issues = out.ok ? [] : out.issues;
		expect(issues.find((i) => i.code === 'field.range')?.params).toMatchObject({ kind: 'bin', field: 'capacityL', value: -5 });
		expect(issues.find((i) => i.code === 'field.too-long')?.params).toMatchObject({ kind: 'bin', field: 'name' });
	});

	it('a file that cannot be read: the values of its refusal', async () => {
		const out = await parseFile({ bytes: new TextEncoder().encode('a,b\n1,2\n'), filename: 'x.csv' }, DEFAULT_IMPORT_LIMITS);
		expect(out.ok).toBe(false);
		expect(!out.ok && out.problem).toMatchObject({ code: 'import.csv.no-coordinates', params: { columns: 'a, b' } });
	});
});

describe('import problems in the reader’s language', () => {
	beforeEach(() => locale.set('en'));

	it('says a bad coordinate and a bad option in Chinese, with the field’s and the options’ Chinese labels', async () => {
		const [coordinate] = (await csvFile('名称,经度,纬度\n北门,abc,40\n')).issues;
		expect(say('zh', coordinate)).toBe('经度“abc”不是数字。');
		const [option] = await binIssues('name,status,lon,lat\nA,broken-ish,116.35,40\n');
		const zhText = say('zh', option);
		expect(zhText).toMatch(/^状态：“broken-ish”不是可选值之一（规划、已设置/);
		expect(zhText).not.toContain('value.unknown');
		expect(say('en', option)).toMatch(/^Status: “broken-ish” is not one of Planned, Installed/);
	});

	it('keeps coordinates as written and the English words the old message had', async () => {
		const [range] = await binIssues('name,lon,lat\nA,116.123456,123.456789\n');
		expect(say('en', range)).toBe('Latitude 123.456789 is outside -90…90 (coordinates are WGS84 longitude/latitude).');
		expect(say('zh', range)).toBe('纬度 123.456789 超出 -90…90 的范围（坐标应为 WGS84 经纬度）。');
	});

	it('formats every code it has words for with the params the importers give, in both languages', async () => {
		const issues = [
			...(await binIssues('name,status,capacityL,installedAt,lon,lat\nA,installed,很多,2024-01-01,116,40\nB,installed,10,someday,116,40\nC,installed,10,2024-01-01,,40\nD,installed,10,2024-01-01,116,40,extra\n')),
			...(await csvFile('name,wkt\nA,POINT(1\nB,\n')).issues
		];
		expect(new Set(issues.map((i) => i.code))).toEqual(new Set(['value.not-number', 'value.not-date', 'csv.coordinates.missing', 'csv.row.fields', 'csv.wkt.malformed', 'csv.wkt.missing']));
		for (const issue of issues) {
			for (const lang of ['zh', 'en'] as const) {
				const text = say(lang, issue);
				// Said from the catalogue, not the server's English.
				if (lang === 'zh') expect(text, issue.code).not.toBe(issue.message);
				expect(text).not.toContain(issue.code);
				expect(text).not.toMatch(/\{|\}/);
			}
			expect(say('zh', issue)).toMatch(/[\u4e00-\u9fff]/);
		}
		expect(say('en', issues.find((i) => i.code === 'csv.row.fields')!)).toBe('This line has 7 fields; the header has 6 columns.');
	});

	it('falls back to the server’s message for a code it does not know, or when a value is missing', () => {
		expect(say('zh', { code: 'import.something-new', message: 'Something new went wrong.' })).toBe('Something new went wrong.');
		expect(say('zh', { code: 'csv.row.fields', message: 'Line 3 has 2 fields; the header has 3.', params: {} })).toBe('Line 3 has 2 fields; the header has 3.');
	});

	it('names a field by its label in the language, and a kind in lower case in English', () => {
		expect(issueValues({ params: { kind: 'bin', field: 'status' } }, 'zh')).toMatchObject({ fieldLabel: '状态', kindLabel: '垃圾桶' });
		expect(issueValues({ params: { kind: 'roadSegment', field: 'surface' } }, 'en')).toMatchObject({ kindLabel: 'road segments' });
	});
});

describe('counts in English say one and many', () => {
	beforeEach(() => locale.set('en'));
	const tr = (key: string, values: Record<string, number>) => get(t)(key, { values });

	it('one row has problems, two rows have', () => {
		expect(tr('import.preview.summary', { total: 3, valid: 2, rejected: 1 })).toBe('3 rows: 2 can be imported, 1 has problems.');
		expect(tr('import.preview.summary', { total: 1, valid: 0, rejected: 1 })).toBe('1 row: 0 can be imported, 1 has problems.');
		expect(tr('import.preview.summary', { total: 6, valid: 6, rejected: 0 })).toBe('6 rows: 6 can be imported, 0 have problems.');
	});

	it('leaves out the 1 row, or the 2 rows, with problems', () => {
		expect(tr('import.commit.skip', { n: 1 })).toBe('Leave out the 1 row with problems');
		expect(tr('import.commit.skip', { n: 2 })).toBe('Leave out the 2 rows with problems');
		expect(tr('import.commit.button', { n: 1 })).toBe('Import 1 feature');
		expect(tr('import.commit.button', { n: 1200 })).toBe('Import 1,200 features');
	});
});
