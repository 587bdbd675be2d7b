/** Turn the step checker on or off (tests turn it on for the whole suite). */
export declare function set_step_check(on: boolean): void;
export declare function step_check_enabled(): boolean;
export declare function step_check_count(): number;
/**
 * The current thread performs visible operation `op` on `obj` (a label or a labelled object;
 * `sub` an address or index inside it). Costs one branch unless the checker is on.
 */
export declare function visible(op: string, obj: unknown, sub?: number): void;
/**
 * The current step also touches `obj` without it being an operation of its own: an RCU-protected
 * list read under SRCU while another CPU may change it, or a list changed inside the step of the
 * lock that orders the writers (readers do not take that lock). Not counted by the step checker
 * (the step's own operation is the one it names); recorded for the dependency relation, so a
 * reduction by partial order orders the step against other steps that touch `obj`.
 */
export declare function footprint(op: string, obj: unknown, sub?: number): void;
/** Is a dependency observer recording (footprints worth computing)? */
export declare function observing(): boolean;
