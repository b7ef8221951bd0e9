// Public surface of image extraction (import from here, not from the individual modules): formats,
// decoding with EXIF orientation, metadata, thumbnails and perceptual hashes.
export * from './image-formats';
export * from './image-metadata';
export * from './image-source';
export * from './perceptual-hash';
export * from './thumbnail';
