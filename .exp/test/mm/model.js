/*
 * The random-operation model behind the mm property test (test/mm/prop.test.ts) and the mm
 * benchmark's long run (bench/mm.ts): random sequences of mmap (private / shared anonymous,
 * MAP_FIXED), munmap, mprotect, madvise (DONTNEED, FREE, HUGEPAGE, NOHUGEPAGE), mremap
 * (MAYMOVE|FIXED), fork, exit, swap-out, page migration, clear_refs (soft-dirty) and 32-bit
 * reads and writes across several processes, compared with a plain
 * reference model (per process: which pages are mapped with what protection, and address ->
 * value, with fork copying private memory and sharing shared memory), with the mm invariants
 * checked after every operation. The nondeterminism of MADV_FREE (a clean page may be dropped
 * by reclaim) is resolved by observing the model's page table after each swap-out.
 */
import fc from 'fast-check';
import * as mm from '../../src/mm/index.js';
const BASE = 0x2_0000_0000; // 8 GiB, 2 MiB aligned
const NPAGES = 1024; // two PMDs
const PG = 4096;
const proc = fc.nat(3);
// Most accesses and ranges hit a small hot set of pages so operations interact.
const pageArb = fc.oneof({ weight: 3, arbitrary: fc.nat(31) }, { weight: 1, arbitrary: fc.nat(NPAGES - 1) });
// Ranges are small runs or whole aligned PMDs (so THP paths are exercised).
const range = fc.oneof({ weight: 3, arbitrary: fc.record({ page: pageArb, n: fc.integer({ min: 1, max: 8 }) }) }, { weight: 1, arbitrary: fc.record({ page: fc.constantFrom(0, 512), n: fc.constantFrom(512, 1024) }) }, { weight: 1, arbitrary: fc.record({ page: fc.nat(NPAGES - 1), n: fc.integer({ min: 1, max: 700 }) }) });
const prot = fc.constantFrom(mm.PROT_READ | mm.PROT_WRITE, mm.PROT_READ | mm.PROT_WRITE, mm.PROT_READ, mm.PROT_NONE, mm.PROT_WRITE);
const word = fc.constantFrom(0, 1, 17, 1023);
export const opArb = fc.oneof({ weight: 3, arbitrary: fc.record({ op: fc.constant('mmap'), p: proc, prot, shared: fc.boolean() }).chain((o) => range.map((r) => ({ ...o, ...r }))) }, { weight: 1, arbitrary: fc.record({ op: fc.constant('munmap'), p: proc }).chain((o) => range.map((r) => ({ ...o, ...r }))) }, { weight: 1, arbitrary: fc.record({ op: fc.constant('mprotect'), p: proc, prot }).chain((o) => range.map((r) => ({ ...o, ...r }))) }, {
    weight: 2,
    arbitrary: fc
        .record({ op: fc.constant('madvise'), p: proc, advice: fc.constantFrom(mm.MADV_DONTNEED, mm.MADV_FREE, mm.MADV_HUGEPAGE, mm.MADV_HUGEPAGE, mm.MADV_NOHUGEPAGE) })
        .chain((o) => range.map((r) => ({ ...o, ...r }))),
}, {
    weight: 2,
    arbitrary: fc
        .record({ op: fc.constant('mremap'), p: proc, to: fc.oneof(pageArb, fc.constantFrom(0, 512), fc.nat(NPAGES - 1)) })
        .chain((o) => range.map((r) => ({ ...o, ...r }))),
}, { weight: 1, arbitrary: fc.record({ op: fc.constant('fork'), p: proc }) }, { weight: 1, arbitrary: fc.record({ op: fc.constant('exit'), p: proc }) }, { weight: 1, arbitrary: fc.record({ op: fc.constant('swap'), p: proc }).chain((o) => range.map((r) => ({ ...o, ...r }))) }, { weight: 1, arbitrary: fc.record({ op: fc.constant('migrate'), p: proc }).chain((o) => range.map((r) => ({ ...o, ...r }))) }, { weight: 1, arbitrary: fc.record({ op: fc.constant('clear_refs'), p: proc }) }, { weight: 8, arbitrary: fc.record({ op: fc.constant('write'), p: proc, page: pageArb, word, value: fc.integer({ min: 1, max: 0xffffffff }) }) }, { weight: 6, arbitrary: fc.record({ op: fc.constant('read'), p: proc, page: pageArb, word }) });
class RProc {
    task;
    pages = new Map();
    priv = new Map(); // private: (page * 1024 + word) -> value
    lazy = new Set();
    constructor(task) {
        this.task = task;
    }
    dropPage(vp) {
        for (let w = 0; w < 1024; w++)
            this.priv.delete(vp * 1024 + w);
        this.lazy.delete(vp);
    }
    read(vp, w) {
        const pm = this.pages.get(vp);
        if (!pm || (pm.prot & (mm.PROT_READ | mm.PROT_WRITE)) === 0)
            return -mm.EFAULT;
        if (pm.shared)
            return pm.shared.vals.get(pm.objPage * 1024 + w) ?? 0;
        return this.priv.get(vp * 1024 + w) ?? 0;
    }
    write(vp, w, v) {
        const pm = this.pages.get(vp);
        if (!pm || (pm.prot & mm.PROT_WRITE) === 0)
            return -mm.EFAULT;
        if (pm.shared)
            pm.shared.vals.set(pm.objPage * 1024 + w, v);
        else {
            this.priv.set(vp * 1024 + w, v);
            this.lazy.delete(vp);
        }
        return 0;
    }
}
function clip(page, n) {
    return [page, Math.min(NPAGES, page + n)];
}
export function* runOps(ops, log) {
    const procs = [new RProc(mm.task_create('p0')), null, null, null];
    const pick = (p) => procs[p] ?? procs.find((x) => x !== null) ?? null;
    const fail = (o, what) => `op ${log.length}: ${JSON.stringify(o)}: ${what}`;
    for (const o of ops) {
        log.push(JSON.stringify(o));
        const P = pick(o.p);
        if (P === null)
            break;
        const t = P.task;
        switch (o.op) {
            case 'mmap': {
                const [s, e] = clip(o.page, o.n);
                const r = yield* mm.sys_mmap(t, BASE + s * PG, (e - s) * PG, o.prot, (o.shared ? mm.MAP_SHARED : mm.MAP_PRIVATE) | mm.MAP_ANONYMOUS | mm.MAP_FIXED);
                if (r !== BASE + s * PG)
                    return fail(o, `mmap returned ${r}`);
                const obj = o.shared ? { vals: new Map() } : null;
                for (let vp = s; vp < e; vp++) {
                    P.dropPage(vp);
                    P.pages.set(vp, { prot: o.prot, shared: obj, objPage: vp - s });
                }
                break;
            }
            case 'munmap': {
                const [s, e] = clip(o.page, o.n);
                const r = yield* mm.sys_munmap(t, BASE + s * PG, (e - s) * PG);
                if (r !== 0)
                    return fail(o, `munmap returned ${mm.errname(r)}`);
                for (let vp = s; vp < e; vp++) {
                    P.dropPage(vp);
                    P.pages.delete(vp);
                }
                break;
            }
            case 'mprotect': {
                const [s, e] = clip(o.page, o.n);
                // The kernel changes the mapped pages up to the first hole, then fails with -ENOMEM.
                let upto = s;
                while (upto < e && P.pages.has(upto))
                    upto++;
                const r = yield* mm.sys_mprotect(t, BASE + s * PG, (e - s) * PG, o.prot);
                const want = upto < e ? -mm.ENOMEM : 0;
                if (r !== want)
                    return fail(o, `mprotect returned ${mm.errname(r)}, expected ${mm.errname(want)}`);
                for (let vp = s; vp < upto; vp++)
                    P.pages.get(vp).prot = o.prot;
                break;
            }
            case 'madvise': {
                const [s, e] = clip(o.page, o.n);
                let hole = false;
                for (let vp = s; vp < e; vp++)
                    if (!P.pages.has(vp))
                        hole = true;
                let want = hole ? -mm.ENOMEM : 0;
                const swapped = new Set();
                if (o.advice === mm.MADV_FREE) {
                    for (let vp = s; vp < e; vp++)
                        if (mm.peek_entry(t.mm, BASE + vp * PG).kind === 'swap')
                            swapped.add(vp);
                }
                const r = yield* mm.sys_madvise(t, BASE + s * PG, (e - s) * PG, o.advice);
                if (o.advice === mm.MADV_DONTNEED) {
                    for (let vp = s; vp < e; vp++) {
                        const pm = P.pages.get(vp);
                        if (pm && !pm.shared)
                            P.dropPage(vp);
                    }
                }
                else if (o.advice === mm.MADV_FREE) {
                    for (let vp = s; vp < e; vp++) {
                        const pm = P.pages.get(vp);
                        if (!pm)
                            continue;
                        if (pm.shared) {
                            want = -mm.EINVAL;
                            break;
                        }
                        if (swapped.has(vp))
                            P.dropPage(vp);
                        else
                            P.lazy.add(vp);
                    }
                }
                if (r !== want)
                    return fail(o, `madvise returned ${mm.errname(r)}, expected ${mm.errname(want)}`);
                break;
            }
            case 'mremap': {
                // Move [s, e) to [d, d + n) (MREMAP_MAYMOVE | MREMAP_FIXED, same length).
                const [s, e] = clip(o.page, o.n);
                const n = e - s;
                const d = Math.min(o.to, NPAGES - n);
                const vma = mm.vma_lookup(t.mm, BASE + s * PG);
                let want = 0;
                if (vma === null || vma.vm_end < BASE + e * PG)
                    want = -mm.EFAULT;
                if (s < d + n && d < e)
                    want = -mm.EINVAL;
                const r = yield* mm.sys_mremap(t, BASE + s * PG, n * PG, n * PG, mm.MREMAP_MAYMOVE | mm.MREMAP_FIXED, BASE + d * PG);
                const expect = want === 0 ? BASE + d * PG : want;
                if (r !== expect)
                    return fail(o, `mremap returned ${r < 0 ? mm.errname(r) : r}, expected ${want < 0 ? mm.errname(want) : expect}`);
                log[log.length - 1] += r < 0 ? ` ${mm.errname(r)}` : ' moved';
                if (r < 0)
                    break;
                const moved = [];
                for (let vp = s; vp < e; vp++) {
                    const vals = new Map();
                    for (let w = 0; w < 1024; w++) {
                        const v = P.priv.get(vp * 1024 + w);
                        if (v !== undefined)
                            vals.set(w, v);
                    }
                    moved.push([P.pages.get(vp), vals, P.lazy.has(vp)]);
                    P.dropPage(vp);
                    P.pages.delete(vp);
                }
                for (let i = 0; i < n; i++) {
                    const vp = d + i;
                    P.dropPage(vp);
                    const [pm, vals, lazy] = moved[i];
                    P.pages.set(vp, pm);
                    for (const [w, v] of vals)
                        P.priv.set(vp * 1024 + w, v);
                    if (lazy)
                        P.lazy.add(vp);
                }
                break;
            }
            case 'fork': {
                const slot = procs.indexOf(null);
                if (slot < 0)
                    break;
                const child = yield* mm.sys_fork(t, `p${slot}`);
                const C = new RProc(child);
                for (const [vp, pm] of P.pages)
                    C.pages.set(vp, { ...pm });
                C.priv = new Map(P.priv);
                C.lazy = new Set(P.lazy);
                procs[slot] = C;
                break;
            }
            case 'exit': {
                if (procs.filter((x) => x !== null).length <= 1)
                    break;
                const r = yield* mm.sys_exit(t);
                if (r !== 0)
                    return fail(o, `exit returned ${r}`);
                procs[procs.indexOf(P)] = null;
                break;
            }
            case 'swap': {
                const [s, e] = clip(o.page, o.n);
                yield* mm.sys_swap_out(t, BASE + s * PG, (e - s) * PG);
                for (let vp = s; vp < e; vp++) {
                    if (!P.lazy.has(vp))
                        continue;
                    const k = mm.peek_entry(t.mm, BASE + vp * PG).kind;
                    if (k === 'none')
                        P.dropPage(vp);
                    else if (k === 'swap')
                        P.lazy.delete(vp);
                }
                break;
            }
            case 'migrate': {
                // Page migration moves data to new pages: the reference model does not change.
                const [s, e] = clip(o.page, o.n);
                const moved = yield* mm.sys_migrate_pages(t, BASE + s * PG, (e - s) * PG);
                log[log.length - 1] += ` moved ${moved}`;
                break;
            }
            case 'clear_refs': {
                // Write-protects and clears soft-dirty bits: values do not change.
                yield* mm.sys_clear_refs(t, mm.CLEAR_REFS_SOFT_DIRTY);
                break;
            }
            case 'write': {
                const addr = BASE + o.page * PG + o.word * 4;
                const want = P.write(o.page, o.word, o.value);
                const r = yield* mm.user_write_u32(t, addr, o.value);
                if (r !== want)
                    return fail(o, `write returned ${mm.errname(r)}, expected ${mm.errname(want)}`);
                if (r < 0 && t.last_signal !== mm.SIGSEGV)
                    return fail(o, `signal ${t.last_signal}, expected SIGSEGV`);
                break;
            }
            case 'read': {
                const addr = BASE + o.page * PG + o.word * 4;
                const want = P.read(o.page, o.word);
                const r = yield* mm.user_read_u32(t, addr);
                if (r !== want)
                    return fail(o, `read 0x${addr.toString(16)} returned ${r}, expected ${want}`);
                break;
            }
        }
        mm.mm_check_invariants();
    }
    // Every value of every live process, then tear everything down: all memory must be freed.
    for (const P of procs) {
        if (P === null)
            continue;
        for (const [vp] of P.pages) {
            for (const w of [0, 1, 17, 1023]) {
                const want = P.read(vp, w);
                const r = yield* mm.user_read_u32(P.task, BASE + vp * PG + w * 4);
                if (r !== want)
                    return `final read of p${procs.indexOf(P)} page ${vp} word ${w}: ${r}, expected ${want}`;
            }
        }
    }
    for (const P of procs)
        if (P !== null)
            yield* mm.sys_exit(P.task);
    mm.mm_check_invariants();
    const st = mm.mem_stats();
    if (st.live !== 0)
        return `${st.live} folios still allocated after every process exited`;
    if (mm.swap_slots_in_use() !== 0)
        return `${mm.swap_slots_in_use()} swap slots still in use after every process exited`;
    return null;
}
