// Search by image from outside: drop an image file anywhere on the window, or paste one. The bytes go
// to the engine as base64 (paths never leave the renderer), and a blob: URL gives the chip its thumb.
import { useEffect, useRef, useState } from 'react';

const MAX_BYTES = 40 * 1024 * 1024;
const IMAGE_EXT = /\.(jpe?g|png|gif|webp|bmp|tiff?|heic|heif|avif)$/i;

export interface DroppedImage {
  name: string;
  bytesBase64: string;
  thumbUrl: string;
}

export function isImageFile(f: File): boolean {
  return f.type.startsWith('image/') || IMAGE_EXT.test(f.name);
}

export function readImageFile(file: File): Promise<DroppedImage> {
  return new Promise((resolve, reject) => {
    if (!isImageFile(file)) {
      reject(new Error(`${file.name || 'That file'} is not an image: drop a JPEG, PNG, WebP, HEIC… to find similar photos`));
      return;
    }
    if (file.size > MAX_BYTES) {
      reject(new Error(`${file.name} is too large to search with (over 40 MB)`));
      return;
    }
    const reader = new FileReader();
    reader.onerror = () => reject(new Error(`Could not read ${file.name}`));
    reader.onload = () => {
      const url = String(reader.result);
      const comma = url.indexOf(',');
      resolve({ name: file.name || 'pasted image', bytesBase64: url.slice(comma + 1), thumbUrl: URL.createObjectURL(file) });
    };
    reader.readAsDataURL(file);
  });
}

function hasFiles(e: DragEvent): boolean {
  return Boolean(e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files'));
}

/** Returns whether a file is being dragged over the window (to show the drop overlay). */
export function useImageInput(onImage: (img: DroppedImage) => void, onError: (message: string) => void): boolean {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const cb = useRef({ onImage, onError });
  cb.current = { onImage, onError };

  useEffect(() => {
    const take = (file: File | undefined) => {
      if (!file) return;
      readImageFile(file).then(
        (img) => cb.current.onImage(img),
        (err: Error) => cb.current.onError(err.message),
      );
    };
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    };
    const overFn = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      take(e.dataTransfer?.files[0]);
    };
    const paste = (e: ClipboardEvent) => {
      const file = Array.from(e.clipboardData?.files ?? []).find(isImageFile);
      if (!file) return; // plain text pastes into the search field as usual
      e.preventDefault();
      take(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overFn);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, []);
  return over;
}
