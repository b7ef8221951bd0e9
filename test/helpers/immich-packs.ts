// The Immich 2025 fixture packs (../shared/fixtures/immich-packs-2025) and their PyTorch references.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from './paths';

export const immichPacksDir = join(fixturesDir, 'immich-packs-2025');
export const PACKS = ['tiny-clip-static', 'tiny-clip-uint8', 'tiny-siglip-static', 'tiny-mclip-static'] as const;

export interface PackReferences {
  family: string;
  texts: { id: string; text: string; cleaned: string; text_ids?: number[]; input_ids?: number[]; attention_mask?: number[]; embedding: number[] }[];
  images: { file: string; resized_rgb_u8: { sha256: string }; embedding: number[] }[];
}

export function references(pack: string): PackReferences {
  return JSON.parse(readFileSync(join(immichPacksDir, pack, 'references.json'), 'utf8')) as PackReferences;
}
