// A CommonJS TypeScript file: `import` compiles to require('memview'), whose
// types are dist/memview.d.cts (package.json "exports" "require").
import { memoryview, bytes, struct } from 'memview';

export const n: number = memoryview(bytes('hi')).get(0);
export const [w, h] = struct.unpack('<HH', struct.pack('<HH', 1, 2));
export const area: number = w * h;
