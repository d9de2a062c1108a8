// A classic Worker without a bundler: the package's classic-script build.
importScripts('/node_modules/memview/dist/memview.global.js', '/src/check.js');
self.onmessage = () => self.postMessage(self.memviewCheck(self.memview));
