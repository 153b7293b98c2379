/**
 * The CLI's answer arrives whole however stdout is connected: through a pipe to a slow reader
 * (`cli … | jq`), into a file. The answer here is a few MB, far past a pipe's 64 KiB buffer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ZONE_COUNT = 6000;

let dir: string;
let args: string[];

/** A grid of small square zones with long names, and one hotspot in the first zone. */
function writeInputs(): void {
	const zones = [];
	for (let i = 0; i < ZONE_COUNT; i++) {
		const x = 116 + (i % 100) * 0.001;
		const y = 40 + Math.floor(i / 100) * 0.001;
		const ring = [[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]];
		zones.push({ type: 'Feature', id: `zone-${i}`, properties: { name: `Zone ${i} ${'网格'.repeat(100)}` }, geometry: { type: 'Polygon', coordinates: [ring] } });
	}
	const points = [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [116.0005, 40.0005] } }];
	writeFileSync(join(dir, 'zones.geojson'), JSON.stringify({ type: 'FeatureCollection', features: zones }));
	writeFileSync(join(dir, 'points.geojson'), JSON.stringify({ type: 'FeatureCollection', features: points }));
	args = ['--import', 'tsx', 'src/cli/main.ts', 'zones', '--points', join(dir, 'points.geojson'), '--zones', join(dir, 'zones.geojson'), '--now', '2024-06-01'];
}

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'sanimap-cli-output-'));
	writeInputs();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exited(child: ReturnType<typeof spawn>, event: 'close' | 'exit' = 'close'): Promise<number | null> {
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on(event, (code) => resolve(code));
	});
}

/** Reads stdin only after a pause, as a slow consumer does, then reports what it got. */
const SLOW_READER = `
setTimeout(() => {
	const chunks = [];
	process.stdin.on('data', (c) => chunks.push(c));
	process.stdin.on('end', () => {
		const text = Buffer.concat(chunks).toString('utf8');
		let zones = null;
		try { zones = JSON.parse(text).zones.length; } catch {}
		process.stdout.write(JSON.stringify({ bytes: Buffer.byteLength(text), zones }));
	});
}, 1500);
`;

function checkAnswer(text: string): void {
	const answer = JSON.parse(text);
	expect(answer.zones).toHaveLength(ZONE_COUNT);
	expect(answer.zones[0]).toMatchObject({ id: 'zone-0', count: 1 });
	expect(answer.zones.at(-1).id).toBe(`zone-${ZONE_COUNT - 1}`);
}

describe('CLI output', { timeout: 120_000 }, () => {
	it('delivers an answer of several MB whole through a pipe to a slow reader', async () => {
		const cli = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		cli.stderr!.on('data', (c) => (stderr += c));
		const reader = spawn(process.execPath, ['-e', SLOW_READER], { stdio: [cli.stdout!, 'pipe', 'inherit'] });
		// The reader holds its own copy of the pipe's end; this process lets go of its one.
		cli.stdout!.destroy();
		let report = '';
		reader.stdout!.on('data', (c) => (report += c));
		const [cliCode, readerCode] = await Promise.all([exited(cli, 'exit'), exited(reader)]);
		expect(cliCode, stderr).toBe(0);
		expect(readerCode).toBe(0);
		const got = JSON.parse(report);
		expect(got.bytes).toBeGreaterThan(1_000_000);
		expect(got.zones).toBe(ZONE_COUNT);
	});

	it('delivers the same answer whole when read by this process and when written to a file', async () => {
		const piped = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
		const chunks: Buffer[] = [];
		piped.stdout!.on('data', (c: Buffer) => chunks.push(c));
		expect(await exited(piped)).toBe(0);
		const text = Buffer.concat(chunks).toString('utf8');
		expect(Buffer.byteLength(text)).toBeGreaterThan(1_000_000);
		checkAnswer(text);

		const file = join(dir, 'answer.json');
		const fd = openSync(file, 'w');
		try {
			const toFile = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', fd, 'inherit'] });
			expect(await exited(toFile)).toBe(0);
		} finally {
			closeSync(fd);
		}
		expect(readFileSync(file, 'utf8')).toBe(text);
	});
});
