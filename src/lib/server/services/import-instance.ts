/**
 * The server's one import runner, over the app's database file, with the limits from the
 * environment, and the board where running imports report how far they have got.
 */
import { getApp } from '../app';
import { config } from '../config';
import { ImportProgressBoard } from './import-progress';
import { ImportRunner } from './import-runner';

let runner: ImportRunner | undefined;
let board: ImportProgressBoard | undefined;

export function getImportService(): ImportRunner {
	if (!runner) {
		// The database is opened (created, migrated) here first; the workers open the same file.
		getApp();
		runner = new ImportRunner({
			databasePath: config.databasePath,
			limits: { maxVertices: config.maxVertices, maxFeatures: config.maxImportFeatures, maxUnzippedBytes: config.maxUnzippedBytes }
		});
	}
	return runner;
}

export function getImportProgress(): ImportProgressBoard {
	return (board ??= new ImportProgressBoard());
}
