// With lib dom: the copies memview gives are BlobParts and BufferSources.
import { memoryview, bytes, struct } from 'memview';

const m = memoryview(bytes('hello'));
export const blob = new Blob([m.tobytes()]);
export const digest: Promise<ArrayBuffer> = crypto.subtle.digest('SHA-256', m.tobytes());
export const packedBlob = new Blob([struct.pack('<I', 1)]);
export const text: string = new TextDecoder().decode(m.tobytes());
