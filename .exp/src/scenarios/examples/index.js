import { forgotValidCheck } from './forgot-valid-check.js';
export const exampleScenarios = [forgotValidCheck];
