// The CLI's command table and usage text.
import type { Command } from './context';
import { doctorCommand } from './doctor-command';
import { embedCommand } from './embed-command';
import { foldersCommand, indexCommand, statusCommand, watchCommand } from './library-commands';
import { modelsCommand } from './models-command';
import { ocrCommand } from './ocr-command';
import { explainCommand, relatedCommand, searchCommand, similarCommand } from './query-commands';
import { duplicatesCommand } from './duplicates-command';
import { serveCommand } from './serve-command';

export const commands: Record<string, Command> = {
  models: modelsCommand,
  embed: embedCommand,
  status: statusCommand,
  index: indexCommand,
  watch: watchCommand,
  folders: foldersCommand,
  search: searchCommand,
  similar: similarCommand,
  duplicates: duplicatesCommand,
  related: relatedCommand,
  explain: explainCommand,
  ocr: ocrCommand,
  serve: serveCommand,
  doctor: doctorCommand,
};

export function usage(): string {
  return `glimpse: local photo and document finder (headless engine)

Usage: glimpse [--data-dir DIR] [--json] <command> ...

  models list | install <name> [--base-url URL] | import <dir> [--name N] | use <name> | remove <name>
  embed --text "..." | --image <path>     print the active pack's normalised embedding
  status                                 pack in use, provider, file counts, last errors
  index <folder>...                      add folders and index them once (progress on stderr)
  watch <folder>...                      index and keep in sync until Ctrl-C
  folders list | add <path> | remove <path>
  search "<text>" [--k N] [--type image|document|all] [--folder P] [--after YYYY-MM-DD]
                  [--before YYYY-MM-DD] [--sort relevance|date]
  similar <image-path> [--k N] [--text "at night"] [--all]   --text refines the image with words
  duplicates [--k N] [--page N]          groups of the same photo (keeper first: largest, then oldest)
  related <image-path> [--k N]            documents that talk about an image
  ocr <image-path> | <file.pdf> [--page N]  recognised text lines with boxes, in reading order
  explain "<text>" <image-path> [--image <query-image>] [--method auto|occlusion|patch] [--out heatmap.png]
  serve [--port N]                        browser mode on 127.0.0.1 with a random token
  doctor [--repair]                      check the library; rebuild a damaged catalog from the kept folder list

Data dir: --data-dir, else GLIMPSE_DATA_DIR, else the OS app-data folder.
`;
}
