// V8 flags for every process that runs the engine: the CLI (bin/glimpse.mjs's shebang line), the
// Electron engine utility process (engine-launcher.ts) and bench/index's indexing child. They must
// be given when the process starts: V8 reads its heap configuration once, when the isolate is
// created (v8.setFlagsFromString later has no effect, and NODE_OPTIONS refuses this flag).
//
// --initial-old-space-size=128: while indexing, each batch in flight keeps its objects alive for
// about a second, so they survive two scavenges and are promoted, then die. With the engine's
// ~28 MB live heap V8 set the old-generation limit near 52 MB, which left less room than a young
// generation, so it started a full mark-compact about every 400 ms: 35 per 1000 photos in
// bench/index, each marking the whole heap on the cores the model needs. With a 128 MB floor the
// limit is never that close: 2-5 per 1000 photos, and the CPU spent outside onnxruntime per photo
// went from 4.9-5.2 ms to 3.8-4.1 ms (three interleaved runs each). It costs at most ~100 MB of
// garbage held a little longer.
export const ENGINE_V8_FLAGS: readonly string[] = ['--initial-old-space-size=128'];
