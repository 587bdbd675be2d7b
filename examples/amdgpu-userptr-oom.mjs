// examples/amdgpu-userptr.mjs's driver with the job racing the OOM reaper: the notifier refuses
// the non-blockable range (the reaper retries later), so it never sleeps there. Clean on v6.
import { scenario } from './amdgpu-userptr.mjs';

export default scenario({}, 'oom', 'amdgpu-userptr-oom');
