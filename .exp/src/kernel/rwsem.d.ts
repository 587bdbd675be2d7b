import { type KObj } from './kasan.js';
import { type LockBase } from './lockdep.js';
import { type Sched, type Thread } from './sched.js';
export declare class RwSemaphore implements LockBase {
    readonly cls: string;
    readonly owner: KObj | null;
    writer: Thread | null;
    readers: Thread[];
    writersWaiting: number;
    readonly waiters: Thread[];
    readonly label: string;
    constructor(cls: string, owner?: KObj | null);
    holders(): string;
}
export declare function down_read(s: RwSemaphore): Sched;
export declare function down_write(s: RwSemaphore): Sched;
export declare function down_read_trylock(s: RwSemaphore): Sched<boolean>;
export declare function down_write_trylock(s: RwSemaphore): Sched<boolean>;
export declare function up_read(s: RwSemaphore): Sched;
export declare function up_write(s: RwSemaphore): Sched;
/** downgrade_write(): a writer becomes a reader without letting another writer in. */
export declare function downgrade_write(s: RwSemaphore): Sched;
export declare function rwsem_is_locked(s: RwSemaphore): boolean;
