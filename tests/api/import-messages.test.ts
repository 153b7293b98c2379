/**
 * What an import's preview and refusals tell a page so that it can say them in the reader's
 * language: the code, the English message and the params it is built from; and which columns
 * gave the position.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { apiClient, type ApiClient } from './api-client';
import { upload } from './import-helpers';

let server: RunningServer;
let client: ApiClient;

beforeAll(async () => {
	server = await startServer();
	client = apiClient(server.url, await server.login());
});
afterAll(() => server?.stop());

describe('import preview for a page in any language', () => {
	it('names the columns that gave the position and gives each problem its params', async () => {
		const csv = '名称,状态,经度,纬度\n北门,已设置,116.35,40.001\n南门,坏了,116.351,40.002\n坏点,已设置,东经116,40.003\n';
		const res = await upload(client, csv, 'bins.csv', { collection: 'bins' });
		expect(res.status, res.text).toBe(201);
		expect(res.body.positionColumns).toEqual([
			{ column: '经度', role: 'longitude' },
			{ column: '纬度', role: 'latitude' }
		]);
		expect(res.body.mapping).toMatchObject({ 经度: null, 纬度: null });
		const byCode = Object.fromEntries(res.body.issues.map((i: { code: string }) => [i.code, i]));
		expect(byCode['csv.coordinates.not-number']).toMatchObject({ row: 4, message: 'Line 4: 经度 "东经116" is not a number.', params: { row: 4, column: '经度', value: '东经116' } });
		expect(byCode['value.unknown']).toMatchObject({ row: 3, params: { row: 3, column: '状态', kind: 'bin', field: 'status', value: '坏了' } });
		expect(byCode['value.unknown'].message).toMatch(/^Status: "坏了" is not one of planned/);
	});

	it('a WKT column is the position too', async () => {
		const res = await upload(client, 'name,wkt\nA,POINT(116.35 40)\n', 'bins.csv', { collection: 'bins' });
		expect(res.status, res.text).toBe(201);
		expect(res.body.positionColumns).toEqual([{ column: 'wkt', role: 'wkt' }]);
	});

	it('a file it cannot read, and a choice it refuses, come with the params of their message', async () => {
		const noCoordinates = await upload(client, 'a,b\n1,2\n', 'x.csv', { collection: 'bins' });
		expect(noCoordinates.status).toBe(400);
		expect(noCoordinates.body).toMatchObject({ code: 'import.csv.no-coordinates', params: { columns: 'a, b' }, details: { columns: ['a', 'b'] } });

		const badCrs = await upload(client, 'lon,lat\n116,40\n', 'x.csv', { collection: 'bins', crs: 'mars' });
		expect(badCrs.status).toBe(400);
		expect(badCrs.body).toMatchObject({ code: 'import.crs', params: { value: 'mars' } });
	});
});
