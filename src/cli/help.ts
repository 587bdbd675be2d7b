/*
 * What `--help` of each command adds after commander's option list: the bounds (k, d), the
 * claim words a result is printed with, and where the long lines go. And the terminal width
 * that long prose lines wrap to (main.ts passes it when stdout is a terminal).
 */

import type { Command } from 'commander';
import { DPOR_CHECK_BUDGET } from '../explore/verdict.js';

const BOUNDS = `
Bounds:
  k (--preemptions, dfs)  the preemption bound: dfs explores every execution in which threads
                          are switched against their will at most k times (a switch at a
                          blocking wait or an explicit yield is free). Exhausting that space
                          is the "bounded space exhausted" claim.
  d (--depth, pct)        the pct bug depth: a bug needing d ordering constraints is found
                          with probability at least 1/(n * steps^(d-1)) per execution.
  --steps N               the per-execution step budget; exceeding it is a livelock report.`;

const CLAIMS = `
Claim words (JSON: "claim"):
  violation found            a counterexample, printed with the token that replays it
  every interleaving         partial-order reduction explored every interleaving (strongest)
  bounded space exhausted    dfs explored every execution within the preemption bound k
  clean within these bounds  pct or random samples found nothing: a sample, not a proof
  NOT a clean claim          interrupted, out of time or executions before dfs exhausted`;

const PICTURES = `
Pictures (of the first violation for explore, of the token for replay):
  --trace FILE     Chrome trace event JSON (ui.perfetto.dev, chrome://tracing); time = step
  --mermaid [FILE] Mermaid sequence diagram of the report's critical window
  --html FILE      self-contained HTML report with a step slider`;

export const HELP_AFTER: Record<string, string> = {
  explore: `${BOUNDS}\n${CLAIMS}\n${PICTURES}`,
  replay: PICTURES,
  check: `
check first tries a proof: dpor with no preemption bound, within ${DPOR_CHECK_BUDGET.executions.toLocaleString('en-US')} executions (more where a
scenario allows it) and ${DPOR_CHECK_BUDGET.seconds} s. If it explores every interleaving without a report, the design is
clean (every interleaving). Otherwise check calls a design clean only if dfs with k=2 exhausted
its bounded space and pct with d=3 ran 10,000 executions, both without a report. A violation
must be of an expected kind.
${BOUNDS}\n${CLAIMS}`,
  compare: `
Each design gets check's verdict. A failing design shows its critical window; a design that
does not fail shows the same operations in its closest clean execution.
${CLAIMS}`,
};

/** Add the texts above to the commands of `program`. */
export function addHelpTexts(program: Command): void {
  for (const c of program.commands) {
    const t = HELP_AFTER[c.name()];
    if (t !== undefined) c.addHelpText('after', t);
  }
}

/** Width to wrap prose lines to: the terminal's (HMMSIM_COLUMNS, set by main.ts), or 0 for none. */
export function terminalWidth(): number {
  const w = Number(process.env['HMMSIM_COLUMNS'] ?? '');
  return Number.isInteger(w) && w >= 40 ? w : 0;
}
