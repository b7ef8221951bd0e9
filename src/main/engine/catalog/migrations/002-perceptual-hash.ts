// Migration 2: a perceptual hash per image content (64-bit dHash, hex), so "find similar" can put
// resized, re-encoded and slightly cropped copies first whatever the model thinks of them.
export const sql = /* sql */ `
ALTER TABLE image_meta ADD COLUMN dhash TEXT;
`;
