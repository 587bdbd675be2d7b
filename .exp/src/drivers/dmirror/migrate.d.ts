import { type Sched } from '../../kernel/index.js';
import { type MmStruct } from '../../mm/index.js';
import { type DevmemMirror } from './devmem.js';
import type { HmmDmirrorCmd } from './uapi.js';
import type { UserAccess } from './uaccess.js';
/** A mirror as the migration commands see it: device memory, and the mm it mirrors. */
export interface MigratingMirror extends DevmemMirror {
    readonly notifier: {
        mm: MmStruct | null;
    };
}
/** dmirror_migrate_to_device(): MIGRATE_TO_DEV. */
export declare function dmirror_migrate_to_device(dmirror: MigratingMirror, cmd: HmmDmirrorCmd, ua: UserAccess): Sched<number>;
/** dmirror_migrate_to_system(): MIGRATE_TO_SYS. */
export declare function dmirror_migrate_to_system(dmirror: MigratingMirror, cmd: HmmDmirrorCmd): Sched<number>;
/** dmirror_exclusive(): EXCLUSIVE, page by page (make_device_exclusive with no owner). */
export declare function dmirror_exclusive(dmirror: MigratingMirror, cmd: HmmDmirrorCmd, ua: UserAccess): Sched<number>;
/** dmirror_check_atomic(): CHECK_EXCLUSIVE, -EPERM while any page of the range is still ATOMIC. */
export declare function dmirror_check_atomic(dmirror: MigratingMirror, start: number, end: number): number;
