// `using` (TypeScript 5.2+, lib esnext.disposable; Node 20 itself does not
// parse it: compile it down, or call [Symbol.dispose]() in a finally).
import { memoryview, bytes, bytearray, array } from 'memview';

export function scoped(): number {
  using b = bytes('hello');
  using m = memoryview(b);
  using ba = bytearray(4);
  using a = array('H', [1]);
  return m.nbytes + ba.length + a.length;
}
