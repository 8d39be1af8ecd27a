/** The only renditions that exist: a fixed grid, so no request can fill the disk. */
export const RENDITION_WIDTHS = [160, 320, 480, 640, 800, 1024, 1280, 1600, 1920, 2560] as const;
export const RENDITION_FORMATS = ['jpeg', 'webp', 'avif'] as const;
export const RENDITION_ASPECTS = ['original', '16:9', '4:3', '3:2', '1:1', '4:5', '9:16'] as const;
export type RenditionFormat = (typeof RENDITION_FORMATS)[number];
export type RenditionAspect = (typeof RENDITION_ASPECTS)[number];

export const FORMAT_MIME: Record<RenditionFormat, string> = { jpeg: 'image/jpeg', webp: 'image/webp', avif: 'image/avif' };

export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The largest box of the given aspect that fits the picture, centred on the focal
 * point (0..1 each way; the centre when none is set) and pushed back inside the edges.
 */
export function cropBox(width: number, height: number, aspect: RenditionAspect, focal: { x: number; y: number } | null): CropBox {
  if (aspect === 'original') return { left: 0, top: 0, width, height };
  const [aw, ah] = aspect.split(':').map(Number);
  const ratio = aw / ah;
  const boxWidth = width / height > ratio ? Math.round(height * ratio) : width;
  const boxHeight = width / height > ratio ? height : Math.round(width / ratio);
  const fx = focal?.x ?? 0.5;
  const fy = focal?.y ?? 0.5;
  const left = Math.min(Math.max(Math.round(fx * width - boxWidth / 2), 0), width - boxWidth);
  const top = Math.min(Math.max(Math.round(fy * height - boxHeight / 2), 0), height - boxHeight);
  return { left, top, width: boxWidth, height: boxHeight };
}

/** The output size: the asked width, never wider than the crop (no upscaling). */
export function outputSize(box: CropBox, width: number): { width: number; height: number } {
  const w = Math.min(width, box.width);
  return { width: w, height: Math.max(1, Math.round((w * box.height) / box.width)) };
}

/** Part of the cache key and of the URL's `v`: a new focal point makes new files and new URLs. */
export const focalKey = (focal: { x: number; y: number } | null): string =>
  focal ? `${Math.round(focal.x * 1000)}x${Math.round(focal.y * 1000)}` : 'c';
