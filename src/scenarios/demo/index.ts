/* The demo group: small classic bugs, each with a correct twin that must be clean. */
import type { Scenario } from '../types.js';
import { demoAbba, demoAbbaOrdered } from './abba.js';
import { demoLostUpdate, demoLostUpdateLocked } from './lost-update.js';
import { demoSrcu, demoSrcuCallSrcu } from './srcu.js';
import { demoUseAfterFree, demoUseAfterFreeKref } from './uaf.js';

export const demoScenarios: Scenario[] = [
  demoLostUpdate,
  demoLostUpdateLocked,
  demoAbba,
  demoAbbaOrdered,
  demoUseAfterFree,
  demoUseAfterFreeKref,
  demoSrcu,
  demoSrcuCallSrcu,
];
