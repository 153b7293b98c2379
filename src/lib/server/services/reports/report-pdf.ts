/**
 * The printable report as a PDF: headless Chromium (Debian's, or CHROMIUM_PATH) opens the server's
 * own /report page in print mode, waits for its "ready" marker (data loaded, charts drawn, fonts
 * loaded) and prints it to A4 with the page's print CSS. Without a browser the caller gets a 503
 * that says what to install, never a hang.
 *
 * Anyone who may read may ask for a PDF, and a browser is the costliest thing the server starts, so:
 * - one browser for the whole server, started on the first PDF and closed after some idle minutes;
 *   each PDF gets a fresh context (its own cookies and credentials) in it;
 * - PDFs are printed one at a time, a few more wait, one address has at most one running or
 *   waiting; past that `429`/`503` with Retry-After (http/admission-queue.ts);
 * - a PDF is kept by its period, language, the latest changeset and the rules in force, so asking
 *   again for an unchanged report costs nothing. A period that is still running also depends on
 *   the time (what is overdue), so its PDF is kept for a minute only.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AdmissionQueue, type AdmissionLimits } from '../admission-queue';
import { ServiceError } from '../service-error';
import { appRoot } from '../../app-root';
import { CHROMIUM_ARGS, chromiumPath } from '../../chromium.js';

/** How long the page may take to become ready before the PDF is refused. */
export const PDF_TIMEOUT_MS = 60_000;
/** A browser with no PDF to print for this long is closed (it holds a few hundred MB). */
const BROWSER_IDLE_MS = 5 * 60_000;
const CACHE_ENTRIES = 16;
const RUNNING_PERIOD_TTL_MS = 60_000;

/**
 * The page is laid out at the width it prints at (A4's 210 mm less the side margins, at CSS's 96 px
 * per inch), so the charts are drawn at the size they are printed.
 */
const PRINT_MARGIN = { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' };
const PRINT_VIEWPORT = { width: Math.floor(((210 - 20) * 96) / 25.4), height: Math.floor(((297 - 24) * 96) / 25.4) };

export const PDF_LIMITS: AdmissionLimits = { concurrency: 1, maxWaiting: 3, perAddress: 1, retryAfterSeconds: 15 };

const unavailable = (why: string) =>
	new ServiceError('unavailable', 'report.pdf-unavailable', `The PDF cannot be made on this server: ${why} Print the report page from your browser instead (Print → Save as PDF).`);

type Browser = import('playwright-core').Browser;

export interface PdfRequest {
	/** The report page in print mode. */
	pageUrl: string;
	/** The caller's Authorization and Cookie headers: a server whose reads are private prints what the caller may read. */
	credentials: Record<string, string>;
	/** What the PDF's content depends on besides the time: period, language, latest changeset, rules. */
	cacheKey: string;
	/** Whether the period is still running, so the content also changes with the time. */
	running: boolean;
}

export class PdfRenderer {
	readonly queue: AdmissionQueue;
	private browser: Promise<Browser> | undefined;
	private idleTimer: NodeJS.Timeout | undefined;
	private readonly cache = new Map<string, { pdf: Buffer; expiresAt: number }>();
	private closed = false;

	constructor(
		limits: AdmissionLimits = PDF_LIMITS,
		private readonly clock: () => number = Date.now
	) {
		this.queue = new AdmissionQueue('report.pdf', 'PDFs', limits);
	}

	/** The PDF, from the cache or printed when its turn comes; refused at once past the limits. */
	async render(address: string, request: PdfRequest): Promise<{ pdf: Buffer; cached: boolean }> {
		const kept = this.cache.get(request.cacheKey);
		if (kept && kept.expiresAt > this.clock()) return { pdf: kept.pdf, cached: true };
		const pdf = await this.queue.run(address, async () => {
			// Another caller may have printed the same report while this one waited.
			const again = this.cache.get(request.cacheKey);
			if (again && again.expiresAt > this.clock()) return again.pdf;
			const printed = await this.print(request);
			this.keep(request, printed);
			return printed;
		});
		return { pdf, cached: false };
	}

	/** Ends the browser and refuses every later PDF. */
	async close(): Promise<void> {
		this.closed = true;
		this.queue.close();
		await this.closeBrowser();
	}

	private keep(request: PdfRequest, pdf: Buffer): void {
		this.cache.delete(request.cacheKey);
		this.cache.set(request.cacheKey, { pdf, expiresAt: request.running ? this.clock() + RUNNING_PERIOD_TTL_MS : Infinity });
		while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
	}

	private async print(request: PdfRequest): Promise<Buffer> {
		clearTimeout(this.idleTimer);
		const browser = await this.openBrowser();
		const context = await browser.newContext({ viewport: PRINT_VIEWPORT, extraHTTPHeaders: request.credentials }).catch((e: Error) => {
			throw unavailable(`Chromium failed (${e.message.split('\n')[0]}).`);
		});
		try {
			const page = await context.newPage();
			const response = await page.goto(request.pageUrl, { waitUntil: 'domcontentloaded', timeout: PDF_TIMEOUT_MS });
			const status = response?.status() ?? 0;
			if (status === 429 || status === 503) {
				throw new ServiceError('unavailable', 'report.pdf-busy', 'The server is too busy to build the report now; try again in a moment.', { retryAfterSeconds: PDF_LIMITS.retryAfterSeconds });
			}
			if (status !== 200) throw new ServiceError('failed', 'report.pdf-failed', `The report page answered ${status}, so there is no PDF; open the report page to see why.`);
			const ready = await page
				.waitForSelector('[data-report-ready="true"], [data-report-ready="error"]', { timeout: PDF_TIMEOUT_MS })
				.then((el) => el?.getAttribute('data-report-ready'));
			if (ready !== 'true') throw new ServiceError('failed', 'report.pdf-failed', 'The report page could not be built, so there is no PDF; open the report page to see why.');
			await page.emulateMedia({ media: 'print' });
			return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, margin: PRINT_MARGIN });
		} catch (e) {
			if (e instanceof ServiceError) throw e;
			if (this.closed) throw new ServiceError('unavailable', 'server.stopping', 'The server is stopping; try again in a moment.', { retryAfterSeconds: 5 });
			throw unavailable(`Chromium failed (${(e as Error).message.split('\n')[0]}).`);
		} finally {
			await context.close().catch(() => {});
			this.idleTimer = setTimeout(() => void this.closeBrowser(), BROWSER_IDLE_MS);
			this.idleTimer.unref();
		}
	}

	private openBrowser(): Promise<Browser> {
		if (this.closed) throw new ServiceError('unavailable', 'server.stopping', 'The server is stopping; try again in a moment.', { retryAfterSeconds: 5 });
		this.browser ??= launchChromium().then(
			(browser) => {
				// A browser that crashed or was killed is started again for the next PDF.
				browser.on('disconnected', () => {
					if (this.browser === launched) this.browser = undefined;
				});
				return browser;
			},
			(e) => {
				this.browser = undefined;
				throw e;
			}
		);
		const launched = this.browser;
		return launched;
	}

	private async closeBrowser(): Promise<void> {
		clearTimeout(this.idleTimer);
		const browser = this.browser;
		this.browser = undefined;
		if (browser) await (await browser.catch(() => undefined))?.close().catch(() => {});
	}
}

async function launchChromium(): Promise<Browser> {
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
	try {
		// The server ends the browser itself when it stops (closeApp); Playwright's own signal
		// handlers would exit the process before the databases are closed.
		return await playwright.chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: PDF_TIMEOUT_MS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
	} catch (e) {
		throw unavailable(`Chromium failed to start (${(e as Error).message.split('\n')[0]}).`);
	}
}
