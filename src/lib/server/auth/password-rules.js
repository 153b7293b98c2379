// Plain JavaScript so that scripts/start.js can check SANIMAP_ADMIN_PASSWORD before anything is
// built (settings/server-settings.js); the server's password checks import the same numbers.

/** The shortest password accepted, for new passwords and for SANIMAP_ADMIN_PASSWORD. */
export const MIN_PASSWORD_LENGTH = 8;
/** Hashing cost grows with length; nobody types more than this. */
export const MAX_PASSWORD_LENGTH = 256;
