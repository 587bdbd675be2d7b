import { commonForkExit, commonMunmapMprotect } from './common-two-devices.js';
import { getOrCreateRace } from './get-or-create-race.js';
import { hmmFreeVsNotifier } from './hmm-free-vs-notifier.js';
import { hmmMmLifetime } from './hmm-mm-lifetime.js';
import { invalidateAba } from './invalidate-aba.js';
import { migrateAba } from './migrate-aba.js';
import { mremapVsFault } from './mremap-vs-fault.js';
import { mirrorDoubleUnregister } from './mirror-double-unregister.js';
import { nonoverlapThreeCpu } from './nonoverlap-three-cpu.js';
import { oomLostEagain } from './oom-lost-eagain.js';
import { oomNotifierLeak } from './oom-notifier-leak.js';
import { rangeDoubleUnregister } from './range-double-unregister.js';
import { registerVsExit } from './register-vs-exit.js';
import { releaseVsUnregister } from './release-vs-unregister.js';
import { unbindVsFault, unbindVsFaultOld } from './unbind-vs-fault.js';
export const raceScenarios = [
    hmmFreeVsNotifier,
    hmmMmLifetime,
    getOrCreateRace,
    registerVsExit,
    mirrorDoubleUnregister,
    rangeDoubleUnregister,
    releaseVsUnregister,
    oomNotifierLeak,
    oomLostEagain,
    invalidateAba,
    migrateAba,
    mremapVsFault,
    nonoverlapThreeCpu,
    commonMunmapMprotect,
    commonForkExit,
    unbindVsFault,
    unbindVsFaultOld,
];
