export interface YieldLintFinding {
    file: string;
    line: number;
    column: number;
    callee: string;
    how: string;
}
/** Names of the package's model calls, and the names also declared with another return type. */
export interface SchedApi {
    names: Set<string>;
    ambiguous: Set<string>;
}
/** Names of every function and method of the package whose return type is Sched. */
export declare function sched_api_names(): SchedApi;
/**
 * Functions and methods declared in `dts`: those returning Sched<...> go to `sched`, the rest
 * to `other` (a balanced-parenthesis scan of the declarations).
 */
export declare function sched_returning(dts: string, sched?: Set<string>, other?: Set<string>): Set<string>;
/**
 * Check one module's source. `api` holds the Sched-returning names of the package; imports are
 * resolved by name (an aliased import keeps the name it was imported as).
 */
export declare function lint_forgotten_yields(source: string, file: string, apiInfo?: SchedApi): YieldLintFinding[];
/** Lint a module file; findings as one-line messages "file:line:col: ...". */
export declare function lint_module_file(path: string, shown?: string): string[];
export declare function yield_lint_message(f: YieldLintFinding): string;
