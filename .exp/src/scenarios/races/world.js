/*
 * Set-up shared by the race catalogue: a process with a few populated anonymous pages, one or
 * more simulated devices, each with the reference driver of the design bound to the process.
 * Everything here runs in one "init" thread before the racing threads are spawned (no choice
 * points for the explorer), then the racers start together.
 */
import { check } from '../../kernel/index.js';
import { MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, PAGE_SIZE, PROT_READ, PROT_WRITE, sys_mmap, task_create } from '../../mm/index.js';
import { device_access, device_create } from '../../drivers/device.js';
import { referenceDriver } from '../../drivers/mirror_driver.js';
export function page_addr(w, i) {
    return w.addr + i * PAGE_SIZE;
}
/** Build the world: `pages` populated pages (none: no mapping), `ndev` bound devices, optional pre-mapped pages. */
export function* world_init(design, pages, ndev, premap = [], given = null, bugs = {}) {
    const task = given ?? task_create('proc');
    const mm = task.mm;
    const addr = pages > 0 ? yield* sys_mmap(task, 0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE) : 0;
    check(pages === 0 || addr > 0, `mmap failed: ${addr}`);
    const w = { design, task, mm, addr, devs: [], drivers: [] };
    for (let i = 0; i < ndev; i++) {
        const dev = device_create(`gpu${i}`);
        const drv = referenceDriver(design, dev, bugs);
        const r = yield* drv.bind(mm);
        check(r === 0, `${dev.name}: bind failed with ${r}`);
        w.devs.push(dev);
        w.drivers.push(drv);
    }
    for (const [d, page, write] of premap) {
        const r = yield* device_access(w.devs[d], page_addr(w, page), write);
        check(r === 0, `premap of page ${page} on gpu${d} failed with ${r}`);
    }
    return w;
}
/** Device `d` accesses page `page` of the world's area (a device fault if it has no entry). */
export function* gpu_access(w, d, page, write) {
    return yield* device_access(w.devs[d], page_addr(w, page), write);
}
