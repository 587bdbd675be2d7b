// A user's own scenario: does my workload keep the device coherent on every HMM generation?
//
//   gpu0  writes page 0 through the device (a device fault into the reference driver)
//   cpu   the process drops page 0 with madvise(MADV_DONTNEED), then reads it back as zero
//
// MADV_DONTNEED holds mmap_lock only for read, so its whole invalidate start/end can fall
// between the driver's hmm_range_fault and its validity check: on v5.3 the reference driver
// then maps the page the CPU just freed (the §4.13 ABA the 2019 series left open); v6's
// sequence numbers close it.
//
// Run it with:  npx hmmsim explore examples/my-workload.mjs --design v5.3 --strategy dfs
//               npx hmmsim explore examples/my-workload.mjs --design v6 --strategy dfs
// (plain JavaScript; TypeScript users import the same paths and get the types).

import { check, spawn } from 'hmmsim/kernel';
import { MADV_DONTNEED, MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_madvise, sys_mmap, task_create, user_read_u32 } from 'hmmsim/mm';
import { device_access, device_create } from 'hmmsim/drivers/device';
import { referenceDriver } from 'hmmsim/drivers/mirror';

// Thread bodies are module-level function* (a fresh generator closure per execution is slow).
function* gpu_write(dev, addr) {
  const r = yield* device_access(dev, addr, true);
  check(r === 0, `device write fault failed with ${r}`);
}

function* cpu_dontneed(task, addr) {
  yield* sys_madvise(task, addr, PAGE_SIZE, MADV_DONTNEED);
  const v = yield* user_read_u32(task, addr);
  check(v >= 0, `read after MADV_DONTNEED failed with ${v}`);
}

function* init(design) {
  const task = task_create('app');
  const addr = yield* sys_mmap(task, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE);
  const dev = device_create('gpu0');
  const drv = referenceDriver(design, dev);
  check((yield* drv.bind(task.mm)) === 0, 'bind failed');
  spawn('gpu0', () => gpu_write(dev, addr));
  spawn('cpu', () => cpu_dontneed(task, addr));
}

export default {
  name: 'my-dontneed',
  description: 'a device write races with MADV_DONTNEED of the same page',
  designs: {
    'v5.3': { clean: false, kinds: ['device-use-after-free', 'stale-device-mapping'] },
    v6: { clean: true },
  },
  setup(design) {
    spawn('init', () => init(design));
  },
};
