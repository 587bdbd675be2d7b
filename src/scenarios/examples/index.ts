/* Examples from the README, kept as built-in scenarios so they stay tested. */
import type { Scenario } from '../types.js';
import { forgotValidCheck } from './forgot-valid-check.js';

export const exampleScenarios: Scenario[] = [forgotValidCheck];
