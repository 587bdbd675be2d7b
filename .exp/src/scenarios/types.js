/*
 * What a scenario is: data (name, group, designs and the outcome expected on each) plus a
 * set-up function that creates the model objects and spawns the threads of one execution.
 * A scenario never reaches into the explorer; the explorer only runs it.
 */
import { KERNEL_5_2, KERNEL_5_3, KERNEL_LATEST } from '../mm/release.js';
export const clean = () => ({ clean: true });
export const violation = (...kinds) => ({ clean: false, kinds });
export const everyExecution = (...kinds) => ({ clean: false, kinds, everyExecution: true });
/**
 * The kernel release a design models, whose notifier-core rules its executions follow:
 * v5.2 and v5.3 are those releases; v6 and every other design (base, a user's own) follow
 * the newest kernel the model knows.
 */
export function design_release(design) {
    if (design === 'v5.2')
        return KERNEL_5_2;
    if (design === 'v5.3')
        return KERNEL_5_3;
    return KERNEL_LATEST;
}
