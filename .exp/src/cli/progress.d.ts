import type { Progress } from '../explore/run.js';
export declare function progressLine(): {
    update: (p: Progress) => void;
    done: () => void;
} | null;
