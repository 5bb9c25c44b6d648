// Sums vitest JSON reports into the plain closing line CI reads: "N passed, N failed, N skipped".
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
	const r = JSON.parse(fs.readFileSync(file, 'utf8'));
	passed += r.numPassedTests;
	failed += r.numFailedTests;
	skipped += r.numPendingTests + (r.numTodoTests ?? 0);
	console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
