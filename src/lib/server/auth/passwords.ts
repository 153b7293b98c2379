/**
 * Password hashing with argon2id (@node-rs/argon2, the OWASP-recommended parameters: 19 MiB,
 * 2 passes, 1 lane; https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
 */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-rules.js';

/** Algorithm.Argon2id; the package's enum is a `const enum`, which isolated modules cannot import. */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };


export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** A hash of a password nobody knows: verified against when the username does not exist, so that answer takes as long as a wrong password. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
	if (password.length > MAX_PASSWORD_LENGTH) return false;
	if (passwordHash === null) {
		decoy ??= hashPassword(randomBytes(16).toString('hex'));
		await verify(await decoy, password).catch(() => false);
		return false;
	}
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed hash in the database: nobody can sign in with it.
		return false;
	}
}

export interface PasswordIssue {
	code: 'password.too-short' | 'password.too-long' | 'password.missing';
	message: string;
	path: string;
}

/** Coded issues with a new password, empty when it is acceptable. */
export function passwordIssues(password: unknown, path = 'password'): PasswordIssue[] {
	if (typeof password !== 'string' || password.length === 0) return [{ code: 'password.missing', message: 'Give a password.', path }];
	if (password.length < MIN_PASSWORD_LENGTH) {
		return [{ code: 'password.too-short', message: `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`, path }];
	}
	if (password.length > MAX_PASSWORD_LENGTH) {
		return [{ code: 'password.too-long', message: `A password may have at most ${MAX_PASSWORD_LENGTH} characters.`, path }];
	}
	return [];
}

/** A random password for the first administrator: 24 characters, 144 bits. */
export function generatePassword(): string {
	return randomBytes(18).toString('base64url');
}
