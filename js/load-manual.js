// The core's module in the memview/manual build: the one init() compiled
// (js/manual.js). scripts/build-dist.js puts this file in js/load.js's place.
import { takeModule } from './manual.js';

export const wasmModule = takeModule();
