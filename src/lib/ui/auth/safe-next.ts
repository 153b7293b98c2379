/** Where to go after signing in: only a path on this site, never another site (`//evil`, `/\evil`). */
export function safeNext(raw: string | null | undefined): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || raw.startsWith('/login') || raw.startsWith('/logout')) return '/';
	return raw;
}
