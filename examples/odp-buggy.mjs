// The buggy sibling of examples/odp.mjs: deregistration drains the destroy workqueue but does
// not wait for the count of deferred destroys, so an invalidation that has claimed a child and
// not yet queued its work queues it on the destroyed workqueue (use-after-free).
//   npx hmmsim explore examples/odp-buggy.mjs --strategy dfs     # use-after-free
import { scenario } from './odp.mjs';

export default scenario({ drain_only: true }, 'odp-buggy', { v6: { clean: false, kinds: ['use-after-free'] } });
