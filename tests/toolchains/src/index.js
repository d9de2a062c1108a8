// webpack's default entry (./src/index.js).
import './app-worker.js';
