/*
 * The one interface every search strategy implements (as in shuttle): given the runnable
 * threads, pick one; supply a random value. Plus per-execution bookkeeping so systematic
 * strategies can say when their bounded space is exhausted.
 */
export const STRATEGIES = ['random', 'pct', 'dfs', 'dpor'];
