/**
 * The printable report as a PDF: headless Chromium (Debian's, or CHROMIUM_PATH) opens the server's
 * own /report page in print mode, waits for its "ready" marker (data loaded, charts drawn, fonts
 * loaded) and prints it to A4 with the page's print CSS. Without a browser the caller gets a 503
 * that says what to install, never a hang.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ApiError } from '../../http/api-error';
import { appRoot } from '../../app-root';
import { CHROMIUM_ARGS, chromiumPath } from '../../chromium.js';

/** How long the page may take to become ready before the PDF is refused. */
export const PDF_TIMEOUT_MS = 120_000;

const unavailable = (why: string) =>
	new ApiError(503, 'report.pdf-unavailable', `The PDF cannot be made on this server: ${why} Print the report page from your browser instead (Print → Save as PDF).`);

/**
 * Prints `pageUrl` (the report page in print mode) to an A4 PDF. `credentials` (the caller's
 * Authorization and Cookie headers) go with the page's requests, so a server whose reads are
 * private prints what the caller may read.
 */
export async function renderReportPdf(pageUrl: string, credentials: Record<string, string> = {}): Promise<Buffer> {
	const executablePath = chromiumPath();
	if (!executablePath) throw unavailable('Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH).');
	let playwright: typeof import('playwright-core');
	try {
		// Loaded at run time from node_modules rather than bundled into the server build: it is a
		// large package with optional native parts, and only the PDF needs it.
		playwright = createRequire(join(appRoot, 'package.json'))('playwright-core');
	} catch {
		throw unavailable('the playwright-core package is not installed.');
	}
	const profile = mkdtempSync(join(tmpdir(), 'sanimap-pdf-'));
	let browser: import('playwright-core').Browser | undefined;
	try {
		browser = await playwright.chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: PDF_TIMEOUT_MS });
		const page = await browser.newPage({ viewport: { width: 1123, height: 794 }, extraHTTPHeaders: credentials });
		await page.goto(pageUrl, { waitUntil: 'domcontentloaded', timeout: PDF_TIMEOUT_MS });
		const ready = await page
			.waitForSelector('[data-report-ready="true"], [data-report-ready="error"]', { timeout: PDF_TIMEOUT_MS })
			.then((el) => el?.getAttribute('data-report-ready'));
		if (ready !== 'true') throw new ApiError(500, 'report.pdf-failed', 'The report page could not be built, so there is no PDF; open the report page to see why.');
		await page.emulateMedia({ media: 'print' });
		return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
	} catch (e) {
		if (e instanceof ApiError) throw e;
		throw unavailable(`Chromium failed (${(e as Error).message.split('\n')[0]}).`);
	} finally {
		await browser?.close().catch(() => {});
		rmSync(profile, { recursive: true, force: true });
	}
}
