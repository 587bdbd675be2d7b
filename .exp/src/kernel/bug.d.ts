export declare function WARN_ON(cond: boolean, what: string): boolean;
export declare function BUG_ON(cond: boolean, what: string): void;
/** A property the scenario expects to hold; failing it is an `assertion` violation. */
export declare function check(cond: boolean, what: string): void;
/**
 * WARN_ON_ONCE(cond, what): WARN_ON that reports only the first time its condition holds in
 * an execution (the kernel's once-per-boot; one execution is one boot here). Keyed by `what`.
 */
export declare function WARN_ON_ONCE(cond: boolean, what: string): boolean;
