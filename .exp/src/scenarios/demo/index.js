import { demoAbba, demoAbbaOrdered } from './abba.js';
import { demoLostUpdate, demoLostUpdateLocked } from './lost-update.js';
import { demoSrcu, demoSrcuCallSrcu } from './srcu.js';
import { demoUseAfterFree, demoUseAfterFreeKref } from './uaf.js';
export const demoScenarios = [
    demoLostUpdate,
    demoLostUpdateLocked,
    demoAbba,
    demoAbbaOrdered,
    demoUseAfterFree,
    demoUseAfterFreeKref,
    demoSrcu,
    demoSrcuCallSrcu,
];
