/*
 * Runtime benchmark (issue 2): a lock-protected counter, N threads x M critical sections,
 * run by our explorer and by fast-check's scheduler (fc.scheduler) on the same workload in the
 * same process; scheduling points per second for both and the ratio (target >= 10x). Then our
 * no-op stepping rate against a bare generator round-robin loop (the physical limit; target
 * >= 0.3 of it). Medians of interleaved repetitions.
 */
import fc from 'fast-check';
import { Mutex, mutex_lock, mutex_unlock, schedule_point, spawn } from '../src/kernel/index.js';
import { RandomStrategy } from '../src/explore/random.js';
import { runExecution } from '../src/explore/run.js';
import { fmtRate, median } from './stats.js';
function* counter_body(lock, st, m) {
    for (let i = 0; i < m; i++) {
        yield* mutex_lock(lock);
        st.counter++;
        yield* mutex_unlock(lock);
    }
}
function* noop_primitive(m) {
    for (let i = 0; i < m; i++)
        yield* schedule_point('noop');
}
function* noop_bare(m) {
    // A bare `yield` is an anonymous scheduling point: this measures the runtime alone.
    for (let i = 0; i < m; i++)
        yield;
}
// Thread bodies are module-level generator functions: V8 makes a fresh `function*` closure
// expensive to create (about 2 us each), so scenarios spawn `() => body(args)`.
export function counterScenario(n, m) {
    return {
        name: 'bench-counter',
        group: 'bench',
        description: '',
        designs: { base: { clean: true } },
        setup() {
            const lock = new Mutex('counter_lock');
            const st = { counter: 0 };
            for (let t = 0; t < n; t++)
                spawn(`t${t}`, () => counter_body(lock, st, m));
        },
    };
}
/** Our explorer: random strategy, as many executions of `sc` as fit in `ms`. Returns steps/s. */
function stepsPerSecond(sc, ms) {
    const strat = new RandomStrategy(1);
    let steps = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms) {
        for (let i = 0; i < 20; i++) {
            strat.nextExecution();
            steps += runExecution(sc, 'base', strat, 1_000_000, false).steps;
        }
        t = performance.now();
    }
    return steps / ((t - t0) / 1000);
}
/** The lock-protected counter under our explorer: scheduling points per second. */
function ours(n, m, ms) {
    return stepsPerSecond(counterScenario(n, m), ms);
}
/** fast-check's scheduler on the same workload: every lock attempt and release is a scheduled promise. */
export async function fastCheck(n, m, ms) {
    let points = 0;
    let runs = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
        await fc.assert(fc.asyncProperty(fc.scheduler(), async (s) => {
            const st = { locked: false, counter: 0 };
            const task = async () => {
                for (let i = 0; i < m; i++) {
                    for (;;) {
                        await s.schedule(Promise.resolve());
                        points++;
                        if (!st.locked)
                            break;
                    }
                    st.locked = true;
                    st.counter++;
                    await s.schedule(Promise.resolve());
                    points++;
                    st.locked = false;
                }
            };
            const all = Array.from({ length: n }, () => task());
            await s.waitFor(Promise.all(all));
        }), { numRuns: 50 });
        runs += 50;
    }
    return points / ((performance.now() - t0) / 1000);
}
/** No-op stepping: threads that only hit scheduling points. */
function oursNoop(n, m, ms, viaPrimitive) {
    const sc = {
        name: 'bench-noop',
        group: 'bench',
        description: '',
        designs: { base: { clean: true } },
        setup() {
            for (let t = 0; t < n; t++)
                spawn(`t${t}`, viaPrimitive ? () => noop_primitive(m) : () => noop_bare(m));
        },
    };
    return stepsPerSecond(sc, ms);
}
/** The limit: bare generators picked at random by a plain loop, nothing else. */
function bareGenerators(n, m, ms) {
    let seed = 1;
    const rnd = (k) => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % k;
    };
    function* body() {
        for (let i = 0; i < m; i++)
            yield;
    }
    let steps = 0;
    const t0 = performance.now();
    let t = t0;
    const live = [];
    while (t - t0 < ms) {
        for (let r = 0; r < 20; r++) {
            live.length = 0;
            for (let i = 0; i < n; i++) {
                const g = body(); // driven by hand below
                live.push(g);
            }
            while (live.length) {
                const k = rnd(live.length);
                steps++;
                if (live[k].next().done)
                    live.splice(k, 1);
            }
        }
        t = performance.now();
    }
    return steps / ((t - t0) / 1000);
}
export async function benchRuntime(reps = 5) {
    const out = ['## runtime: lock-protected counter (points/s, median of ' + reps + ')'];
    for (const [n, m] of [
        [2, 3],
        [3, 10],
        [4, 50],
    ]) {
        const a = [];
        const b = [];
        for (let r = 0; r < reps; r++) {
            a.push(ours(n, m, 300));
            b.push(await fastCheck(n, m, 300));
        }
        const ma = median(a);
        const mb = median(b);
        out.push(`  ${n} threads x ${m} sections: hmmsim ${fmtRate(ma)}, fast-check scheduler ${fmtRate(mb)}, ratio ${(ma / mb).toFixed(1)}x (target >= 10x)`);
    }
    out.push('## runtime: no-op stepping vs bare generator round-robin (steps/s)');
    for (const [n, m] of [
        [2, 100],
        [4, 100],
    ]) {
        const a = [];
        const p = [];
        const b = [];
        for (let r = 0; r < reps; r++) {
            a.push(oursNoop(n, m, 300, false));
            p.push(oursNoop(n, m, 300, true));
            b.push(bareGenerators(n, m, 300));
        }
        const ma = median(a);
        const mp = median(p);
        const mb = median(b);
        out.push(`  ${n} threads x ${m} points: bare generators ${fmtRate(mb)}; hmmsim runtime (bare yield) ${fmtRate(ma)}, ratio ${(ma / mb).toFixed(2)} (target >= 0.3); ` +
            `hmmsim via yield* schedule_point() ${fmtRate(mp)}, ratio ${(mp / mb).toFixed(2)}`);
    }
    return out;
}
