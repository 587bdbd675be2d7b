import type { Picture } from './facts.js';
export interface TraceEvent {
    name: string;
    ph: 'X' | 'i' | 'M';
    pid: number;
    tid: number;
    ts?: number;
    dur?: number;
    cat?: string;
    s?: 'g' | 'p' | 't';
    args?: Record<string, unknown>;
}
export interface ChromeTrace {
    traceEvents: TraceEvent[];
    displayTimeUnit: 'ms' | 'ns';
    otherData: Record<string, string | number>;
}
export declare const PID_THREADS = 1;
export declare const PID_LOCKS = 2;
export declare const PID_DEVICES = 3;
export declare function chromeTrace(p: Picture): ChromeTrace;
