// The buggy sibling of examples/nouveau-svm.mjs: the classic notifier takes svmm->mutex with
// mutex_lock even on the OOM reaper's non-blockable range, which may sleep there (the GPU fault
// races the OOM reaper here).
//   npx hmmsim explore examples/nouveau-svm-buggy.mjs --strategy dfs     # sleep-in-atomic
import { scenario } from './nouveau-svm.mjs';

export default scenario({ sleep_in_nonblock: true }, 'nouveau-svm-buggy', { v6: { clean: false, kinds: ['sleep-in-atomic'] } });
