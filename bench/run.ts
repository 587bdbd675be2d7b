/*
 * `npm run bench`: every benchmark, in one process, printing medians and ratios against the
 * anchor measured in the same run. Pass names to run a subset: `npm run bench -- runtime`.
 */

import { benchRuntime } from './runtime.js';

const benches: Record<string, () => Promise<string[]>> = {
  runtime: () => benchRuntime(),
};

const want = process.argv.slice(2);
for (const [name, fn] of Object.entries(benches)) {
  if (want.length && !want.includes(name)) continue;
  for (const line of await fn()) console.log(line);
}
