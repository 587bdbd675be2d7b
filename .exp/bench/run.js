/*
 * `npm run bench`: every benchmark, in one process, printing medians and ratios against the
 * anchor measured in the same run. Pass names to run a subset: `npm run bench -- runtime mm`.
 */
import { benchCatalogue } from './hmm.js';
import { benchDevmem } from './devmem.js';
import { benchDrivers } from './drivers.js';
import { benchDpor } from './dpor.js';
import { benchJobs } from './jobs.js';
import { benchMm } from './mm.js';
import { benchRuntime } from './runtime.js';
import { benchSelftests } from './selftests.js';
import { benchV6 } from './v6.js';
import { benchPictures } from './pictures.js';
const benches = {
    runtime: () => benchRuntime(),
    mm: () => benchMm(),
    catalogue: () => benchCatalogue(),
    v6: () => benchV6(),
    selftests: () => benchSelftests(),
    devmem: () => benchDevmem(),
    pictures: () => benchPictures(),
    drivers: () => benchDrivers(),
    dpor: () => benchDpor(),
    jobs: () => benchJobs(),
};
const want = process.argv.slice(2);
for (const w of want) {
    if (!(w in benches)) {
        console.error(`bench: unknown benchmark '${w}' (have: ${Object.keys(benches).join(', ')})`);
        process.exit(2);
    }
}
for (const [name, fn] of Object.entries(benches)) {
    if (want.length && !want.includes(name))
        continue;
    for (const line of await fn())
        console.log(line);
}
