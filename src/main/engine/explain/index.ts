// Public surface of match explanations (heatmaps): the Explainer facade, the import-time patch-model
// preparation, and the result types.
export { Explainer, type ExplainerOptions } from './explainer';
export { preparePatchModel, type PatchModel, type PreparePatchModelOptions } from './patch-model';
export { preparePatchModelInWorker } from './prepare-patch-in-worker';
export type { ExplainMethod, ExplainQuery, ExplainRequest, ExplainResult, QueryEncoder } from './types';
export { toExplainResponse } from './response';
export type { SeenRect } from './heat-map';
