/**
 * Builds (or finds) the synthetic city and prints its manifest.
 *
 *   npx tsx bench/city/main.ts [--scale 0.01] [--seed sanimap]
 *
 * Scale 0.01 takes seconds; scale 1 (2.3 million features) a few minutes and about 2 GB of disk.
 */
import { parseArgs } from 'node:util';
import { ensureCity } from './store';

const { values } = parseArgs({ options: { scale: { type: 'string' }, seed: { type: 'string' } } });
const scale = Number(values.scale ?? 0.01);
if (!(scale > 0 && scale <= 10)) throw new Error(`--scale must be a number in (0, 10], got ${values.scale}`);
const city = await ensureCity({ scale, seed: values.seed, log: (line) => console.error(line) });
console.log(JSON.stringify(city));
