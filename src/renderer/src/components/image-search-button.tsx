// "Search by image…": a file picker for the image to find similar photos with, for those who do not
// drag or paste. The bytes go to the engine as base64 like a dropped image (never a path).
import { useRef } from 'react';
import { readImageFile, type DroppedImage } from '../state/use-image-input';
import { ImageIcon } from './icons';

export function ImageSearchButton({ onImage, onError }: { onImage(img: DroppedImage): void; onError(message: string): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn ghost image-search-btn" aria-label="Search by image…" title="Search by image… (or drop or paste one)" onClick={() => input.current?.click()}>
        <ImageIcon width={16} height={16} />
      </button>
      <input
        ref={input}
        type="file"
        accept="image/*,.heic,.heif"
        hidden
        aria-hidden
        tabIndex={-1}
        data-testid="image-search-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) readImageFile(file).then(onImage, (err: Error) => onError(err.message));
        }}
      />
    </>
  );
}
