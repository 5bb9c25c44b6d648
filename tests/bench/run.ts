/**
 * `npm run bench [-- name ...]`: runs the benchmarks (all by default) and prints a table of
 * measured figures against the issues' bars. Needs a build (`npm run build`) for server
 * benchmarks and a PostgreSQL + PostGIS server (BENCH_DATABASE_URL, default the local one).
 */
import fs from 'node:fs';
import { benchSeedScale10, benchStartup } from './foundation';
import { benchCoverage, benchDeserts, benchMclp, benchWhatIf } from './analysis';
import { benchIndicators } from './indicators';
import { benchSensors } from './sensors';
import { benchIncidents } from './incidents';
import { benchMapBrowser } from './map-browser';
import { benchMap } from './map';
import type { BenchResult } from './util';

const suites: Record<string, () => Promise<BenchResult[]>> = {
	startup: benchStartup,
	seed: benchSeedScale10,
	coverage: benchCoverage,
	whatif: benchWhatIf,
	deserts: benchDeserts,
	mclp: benchMclp,
	indicators: benchIndicators,
	sensors: benchSensors,
	incidents: benchIncidents,
	map: benchMap,
	'map-browser': benchMapBrowser
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(suites);
for (const n of names) {
	if (!suites[n]) {
		console.error(`Unknown benchmark "${n}". Known: ${Object.keys(suites).join(', ')}`);
		process.exit(2);
	}
}
if (names.includes('startup') && !fs.existsSync('build/index.js')) {
	console.error('The startup benchmark needs a build: run `npm run build` first.');
	process.exit(2);
}

const all: BenchResult[] = [];
for (const n of names) {
	console.log(`\n▶ ${n}`);
	const results = await suites[n]!();
	for (const r of results) {
		console.log(
			`  ${r.name}: ${r.value.toFixed(r.unit === 's' ? 1 : 2)} ${r.unit}${r.bar ? ` (bar ${r.bar}: ${r.ok ? 'met' : 'MISSED'})` : ''}`
		);
	}
	all.push(...results);
}

console.log('\n| benchmark | measured | bar | |\n|---|---|---|---|');
for (const r of all) {
	console.log(
		`| ${r.name} | ${r.value.toFixed(r.unit === 's' ? 1 : 2)} ${r.unit} | ${r.bar ?? ''} | ${r.ok === undefined ? '' : r.ok ? 'met' : 'missed'} |`
	);
}
fs.mkdirSync('.test-cache', { recursive: true });
fs.writeFileSync('.test-cache/bench-results.json', JSON.stringify(all, null, 2));
