// Tests and benches look inside an engine (its catalog, library, active model) through this helper;
// front ends cannot: they see only the EngineHost of src/main/engine/index.ts (eslint.config.js).
export { engineInternals as internals, type EngineInternals } from '../../src/main/engine/engine-internals';
