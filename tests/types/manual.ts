// memview/manual: init() resolves to the package's exports.
import { init } from 'memview/manual';

export async function load(): Promise<number> {
  const { memoryview, bytes } = await init({ url: 'https://example.com/memview.wasm' });
  const again = await init({ bytes: new Uint8Array(8) });
  return memoryview(bytes('x')).get(0) + again.bytes('y').get(0);
}
