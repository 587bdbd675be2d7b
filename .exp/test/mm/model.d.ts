import fc from 'fast-check';
import type { Sched } from '../../src/kernel/index.js';
export type Op = {
    op: 'mmap';
    p: number;
    page: number;
    n: number;
    prot: number;
    shared: boolean;
} | {
    op: 'munmap';
    p: number;
    page: number;
    n: number;
} | {
    op: 'mprotect';
    p: number;
    page: number;
    n: number;
    prot: number;
} | {
    op: 'madvise';
    p: number;
    page: number;
    n: number;
    advice: number;
} | {
    op: 'mremap';
    p: number;
    page: number;
    n: number;
    to: number;
} | {
    op: 'fork';
    p: number;
} | {
    op: 'exit';
    p: number;
} | {
    op: 'swap';
    p: number;
    page: number;
    n: number;
} | {
    op: 'migrate';
    p: number;
    page: number;
    n: number;
} | {
    op: 'clear_refs';
    p: number;
} | {
    op: 'write';
    p: number;
    page: number;
    word: number;
    value: number;
} | {
    op: 'read';
    p: number;
    page: number;
    word: number;
};
export declare const opArb: fc.Arbitrary<Op>;
export declare function runOps(ops: Op[], log: string[]): Sched<string | null>;
