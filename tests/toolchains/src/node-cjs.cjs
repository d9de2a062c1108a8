// require('memview') in CommonJS: synchronous, values right after require.
const memview = require('memview');
require('./check.js');
console.log(JSON.stringify({
  ...globalThis.memviewCheck(memview),
  pkg: require('memview/package.json').name,
  wasm: require('node:fs').readFileSync(require.resolve('memview/memview.wasm')).subarray(0, 4).toString('hex'),
}));
