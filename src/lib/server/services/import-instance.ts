/** The server's one import service, over the app's database, with the limits from the environment. */
import { getApp } from '../app';
import { config } from '../config';
import { ImportService } from './import';

let service: ImportService | undefined;

export function getImportService(): ImportService {
	if (!service) {
		const { db, changesets } = getApp();
		service = new ImportService(db, changesets, { maxVertices: config.maxVertices, maxFeatures: config.maxImportFeatures, maxUnzippedBytes: config.maxUnzippedBytes });
	}
	return service;
}
