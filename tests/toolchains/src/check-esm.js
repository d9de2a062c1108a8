// check.js over `import 'memview'`, for the bundled apps and Node.
import * as memview from 'memview';
import './check.js';
export const check = () => globalThis.memviewCheck(memview);
