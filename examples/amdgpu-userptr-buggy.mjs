// The buggy sibling of examples/amdgpu-userptr-oom.mjs: the notifier waits for the GPU's fence
// on the OOM reaper's non-blockable range too (it does not refuse it), which may sleep there.
//   npx hmmsim explore examples/amdgpu-userptr-buggy.mjs --strategy dfs     # sleep-in-atomic
import { scenario } from './amdgpu-userptr.mjs';

export default scenario({ wait_in_nonblock: true }, 'oom', 'amdgpu-userptr-buggy', { v6: { clean: false, kinds: ['sleep-in-atomic'] } });
