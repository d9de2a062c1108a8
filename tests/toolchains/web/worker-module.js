// A module Worker without a bundler (workers have no import map).
import * as memview from '/node_modules/memview/dist/memview.js';
import '/src/check.js';
self.onmessage = () => self.postMessage(self.memviewCheck(memview));
