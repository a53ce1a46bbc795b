// The photo a form keeps outside its values: the chosen file read and checked (lib/photo.logic.ts), or why it was refused.
import { useState } from 'react';
import { photoOf, type Photo, type PhotoProblem } from './photo.logic';

export function usePhotoPick() {
  const [photo, setPhoto] = useState<Photo | null>(null);
  const [problem, setProblem] = useState<PhotoProblem | null>(null);
  const pick = async (file: File | undefined) => {
    setPhoto(null);
    setProblem(null);
    if (!file) return;
    const p = photoOf(new Uint8Array(await file.arrayBuffer()));
    if (typeof p === 'string') setProblem(p);
    else setPhoto(p);
  };
  return { photo, problem, pick };
}
export type PhotoPick = ReturnType<typeof usePhotoPick>;
