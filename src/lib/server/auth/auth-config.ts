/** Account settings from the environment, read once (README, "Accounts and roles"). */
import { config } from '../config';

export const authConfig = {
	/**
	 * Reads (the map, the OGC API) are public unless SANIMAP_PUBLIC_READ=false, so QGIS and GDAL
	 * read the layers without signing in. Writes always need a signed-in user with the right role.
	 */
	publicRead: config.publicRead,
	/** The first administrator's password; when unset, one is generated and printed once. */
	adminPassword: config.adminPassword
};

export const SESSION_COOKIE = 'sanimap_session';
