/*
 * The final state of an execution as a string, for checking the partial-order reduction
 * against plain search: two interleavings that are equivalent (they differ only in the order of
 * steps that commute) end in the same state, so every final state dfs reaches must be one that
 * an exhausted dpor reaches too. A state dfs reaches and dpor does not is an interleaving the
 * reduction skipped: a dependency the model does not record (or a fingerprint that sees
 * something equivalent interleavings may leave different, such as object labels, which it
 * leaves out for that reason).
 *
 * What it covers: every live folio (pfn, order, kind, refcount, mapcount, dirty, locked, the
 * first word of its contents), every live mm's page-table entries (kind and pfn), every
 * device's entries (pfn, write, atomic, device page), how many pages were allocated and freed,
 * the reports of the execution, and each thread's end (done or where it blocked). Object labels
 * are left out: they come from per-type counters, which differ between equivalent
 * interleavings whenever two threads create objects of one type.
 */

import { cur, kasan_is_freed } from '../../src/kernel/index.js';
import { TState } from '../../src/kernel/sched.js';
import { devices } from '../../src/drivers/device.js';
import { live_mms } from '../../src/mm/mm_struct.js';
import { physmem, PageKind, type Page } from '../../src/mm/page.js';
import { frame_load_u32 } from '../../src/mm/page_contents.js';
import { PmdLeaf, PteKind, PteTable } from '../../src/mm/pgtable.js';

function folio(p: Page): string {
  const word = p.freed || p.kind === PageKind.Zero ? 0 : frame_load_u32(physmem().data, p.pfn, 0);
  return `${p.pfn}/${p.order}/${p.kind}:r${p.refcount}m${p.mapcount}${p.dirty ? 'd' : ''}${p.locked ? 'L' : ''}=${word}`;
}

/** The state of the execution in progress (call it when every thread has ended: cur.onExit). */
export function final_state(): string {
  const m = physmem();
  const folios = new Set<Page>();
  for (const p of m.pages) if (p !== undefined && !p.freed && p.kind !== PageKind.Zero) folios.add(p);
  for (const p of m.devpages.values()) if (!p.freed) folios.add(p);
  for (const p of m.devHuge.values()) if (!p.freed) folios.add(p);
  const pages = [...folios].map(folio).sort().join(' ');
  const mms: string[] = [];
  for (const mm of live_mms()) {
    if (kasan_is_freed(mm)) continue;
    const e: string[] = [];
    for (const [k, t] of mm.pmd) {
      if (t instanceof PteTable) {
        for (let i = 0; i < 512; i++) if (t.kind[i] !== PteKind.None) e.push(`${k * 512 + i}:${t.kind[i]}:${t.val[i]}`);
      } else if (t instanceof PmdLeaf) e.push(`pmd${k}:${t.kind}:${t.pfn}`);
    }
    for (const [k, u] of mm.pud) e.push(`pud${k}:${u.kind}:${u.pfn}`);
    mms.push(e.sort().join(','));
  }
  mms.sort();
  const devs = devices()
    .map((d) => `${d.name}{${[...d.pt].map(([v, x]) => `${v}:${x.pfn}${x.write ? 'w' : ''}${x.atomic ? 'a' : ''}${x.dev_pfn >= 0 ? `>${x.dev_pfn}` : ''}`).sort().join(',')}}`)
    .sort()
    .join(' ');
  const threads = cur.threads.map((t) => (t.state === TState.Done ? 'done' : `blocked`)).join(',');
  const reports = [...new Set(cur.violations.map((v) => `${v.kind}: ${v.title}`))].sort().join('; ');
  return `pages[${pages}] mms[${mms.join(' | ')}] devices[${devs}] alloc ${m.allocated - m.freed} threads ${threads} reports[${reports}]`;
}
