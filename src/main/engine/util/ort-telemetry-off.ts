// Glimpse is local and private: onnxruntime's own telemetry (a device id and an event queue in
// ~/.cache/Microsoft/DeveloperTools/.onnxruntime, uploaded when it can reach its host) is switched
// off. onnxruntime reads ORT_DISABLE_TELEMETRY from the process environment when it starts its
// runtime, so this is imported for its effect before anything loads onnxruntime-node (bin/glimpse.mjs
// sets it even earlier for the CLI; worker threads share the process environment).
process.env.ORT_DISABLE_TELEMETRY ??= '1';

export const ORT_TELEMETRY_DISABLED = true;
