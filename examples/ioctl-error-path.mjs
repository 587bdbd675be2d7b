// Error paths under allocation fault injection: a driver ioctl that creates a buffer object and
// publishes its handle in an xarray, written with the kernel's failable allocations. With
// failslab in explore mode every allocation of the ioctl may fail, as a data choice of the
// explorer, so dfs runs each error path once; this one forgets to drop the context's lock and
// reference when the handle cannot be allocated.
//   npx hmmsim explore examples/ioctl-error-path.mjs --strategy dfs --all    # warn + leak
//   npx hmmsim explore examples/ioctl-error-path-fixed.mjs --strategy dfs    # clean

import { check_leaks, cur, failslab_setup, kfree, kmalloc, kmalloc_may_fail, KObj, Kref, kref_get, kref_put, Mutex, mutex_lock, mutex_unlock, spawn, xa_alloc, xa_erase, xa_init } from 'hmmsim/kernel';

const ENOMEM = 12;

class DrvContext extends KObj {
  constructor() {
    super('ctx');
    this.ref = new Kref(this);
    this.lock = new Mutex('ctx->lock', this);
    this.handles = xa_init('handles', 0, this);
  }
}

class BufferObject extends KObj {
  constructor() {
    super('bo');
  }
}

function* ctx_release(kref) {
  kfree(kref.owner);
}

/** DRM_IOCTL_MYDRV_CREATE: a new buffer object and its handle (>= 0), or a negative errno. */
function* ioctl_create(ctx, fixed) {
  yield* kref_get(ctx.ref);
  yield* mutex_lock(ctx.lock);
  const bo = kmalloc_may_fail(new BufferObject());
  if (bo === null) {
    yield* mutex_unlock(ctx.lock);
    yield* kref_put(ctx.ref, ctx_release);
    return -ENOMEM;
  }
  const handle = yield* xa_alloc(ctx.handles, bo, [1, 1024]);
  if (handle < 0) {
    kfree(bo);
    if (fixed) {
      yield* mutex_unlock(ctx.lock);
      yield* kref_put(ctx.ref, ctx_release);
    }
    return handle; // the bug: ctx->lock still held, the reference never dropped
  }
  yield* mutex_unlock(ctx.lock);
  yield* kref_put(ctx.ref, ctx_release);
  return handle;
}

function* app(fixed) {
  const ctx = kmalloc(new DrvContext()); // kmalloc never fails: only the ioctl's allocations may
  const h = yield* ioctl_create(ctx, fixed);
  if (h > 0) kfree(yield* xa_erase(ctx.handles, h));
  yield* kref_put(ctx.ref, ctx_release);
}

export function scenario(fixed = false) {
  return {
    name: fixed ? 'ioctl-error-path-fixed' : 'ioctl-error-path',
    description: 'an ioctl whose handle allocation may fail (failslab, explored): its error path must drop the lock and the reference',
    designs: { base: fixed ? { clean: true } : { clean: false, kinds: ['warn', 'leak'] } },
    setup() {
      failslab_setup({ explore: true, max_failures: 1 });
      cur.onExit(() => check_leaks((o) => o instanceof DrvContext || o instanceof BufferObject));
      spawn('app', () => app(fixed));
    },
  };
}

export default scenario();
