// examples/ioctl-error-path.mjs with its error path fixed: clean on every error path.
import { scenario } from './ioctl-error-path.mjs';

export default scenario(true);
