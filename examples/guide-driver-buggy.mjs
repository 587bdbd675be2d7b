// The README guide's driver without the read_retry check under its lock.
import { scenario } from './guide-driver.mjs';

export default scenario({ no_read_retry: true }, 'guide-driver-buggy', { v6: { clean: false, kinds: ['stale-device-mapping', 'device-use-after-free'] } });
