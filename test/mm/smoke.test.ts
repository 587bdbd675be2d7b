import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOne } from '../helpers.js';
import * as mm from '../../src/mm/index.js';

test('smoke: mmap, write, read, fork, munmap, exit', () => {
  const { value, result } = runOne(function* () {
    const t = mm.task_create('p');
    const a = yield* mm.sys_mmap(t, 0, 4 * 4096, mm.PROT_READ | mm.PROT_WRITE, mm.MAP_PRIVATE | mm.MAP_ANONYMOUS);
    const z = yield* mm.user_read_u32(t, a);
    yield* mm.user_write_u32(t, a + 8, 1234);
    const c = yield* mm.sys_fork(t);
    yield* mm.user_write_u32(c, a + 8, 99);
    const pv = yield* mm.user_read_u32(t, a + 8);
    const cv = yield* mm.user_read_u32(c, a + 8);
    mm.mm_check_invariants();
    yield* mm.sys_munmap(t, a, 4096);
    const seg = yield* mm.user_read_u32(t, a);
    yield* mm.sys_exit(c);
    yield* mm.sys_exit(t);
    return [z, pv, cv, seg, mm.mem_stats().live];
  });
  assert.deepEqual(result.violations, []);
  assert.deepEqual(value, [0, 1234, 99, -mm.EFAULT, 0]);
});
