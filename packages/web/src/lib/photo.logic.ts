// A photo chosen on the device, read for upload as the API takes it (JSON, base64): complaints (ADR 0086) and work
// tasks' evidence (ADR 0087) share it.
export type Photo = { mime: 'image/jpeg' | 'image/png'; data: string };
export type PhotoProblem = 'type' | 'size';
/** As the server: at most 2 MB. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** The bytes of a chosen file as the API takes them, or why not: JPEG / PNG by its first bytes, at most 2 MB. */
export function photoOf(bytes: Uint8Array): Photo | PhotoProblem {
  if (bytes.length > PHOTO_MAX_BYTES) return 'size';
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b);
  if (!jpeg && !png) return 'type';
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { mime: jpeg ? 'image/jpeg' : 'image/png', data: btoa(bin) };
}

/** The size in bytes of a photo read by photoOf (from its base64). */
export function photoBytes(p: Photo): number {
  const pad = p.data.endsWith('==') ? 2 : p.data.endsWith('=') ? 1 : 0;
  return (p.data.length / 4) * 3 - pad;
}
