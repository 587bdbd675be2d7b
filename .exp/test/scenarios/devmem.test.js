/*
 * Group devmem: each race has its expected outcome under dfs k=2 (exhausted with nothing found
 * for the clean ones; the pct half of the clean claim runs in `hmmsim check`), and the two
 * test_hmm.c bugs of devmem-migrate-vs-read-same are found with replayable tokens.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_OPTIONS, explore, replayToken } from '../../src/explore/run.js';
import { findScenario } from '../../src/scenarios/index.js';
import { devmemScenarios } from '../../src/scenarios/devmem/index.js';
describe('devmem scenarios', () => {
    it('seven races, all on v6', () => {
        assert.deepEqual(devmemScenarios.map((s) => s.name), [
            'devmem-migrate-vs-munmap',
            'devmem-migrate-vs-cpu-write',
            'devmem-migrate-vs-read-other',
            'devmem-migrate-vs-read-same',
            'devmem-evict-vs-fork',
            'devmem-exclusive-vs-cpu-write',
            'devmem-exclusive-vs-fork',
        ]);
        for (const s of devmemScenarios)
            assert.deepEqual(Object.keys(s.designs), ['v6']);
    });
    for (const sc of devmemScenarios) {
        const exp = sc.designs.v6;
        it(`${sc.name}: ${exp.clean ? 'clean, dfs k=2 exhausted' : `finds ${exp.kinds.join(', ')}`}`, () => {
            const r = explore(sc, 'v6', { ...DEFAULT_OPTIONS, strategy: 'dfs', preemptions: 2, executions: 200_000, seconds: 300, stepBudget: sc.stepBudget ?? DEFAULT_OPTIONS.stepBudget, keepGoing: !exp.clean });
            if (exp.clean) {
                assert.deepEqual(r.violations.map((v) => `${v.kind}: ${v.message}`), []);
                assert.equal(r.exhausted, true);
                assert.ok(r.executions > 100, `${r.executions} executions`);
                return;
            }
            const kinds = [...new Set(r.violations.map((v) => v.kind))].sort();
            assert.deepEqual(kinds, [...exp.kinds].sort());
            for (const v of r.violations) {
                const again = replayToken(v.token, findScenario, false).result.violations.find((x) => x.kind === v.kind);
                assert.ok(again, `${v.kind} replays`);
            }
        });
    }
});
