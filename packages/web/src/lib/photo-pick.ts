// The photo a form keeps outside its values: the chosen file read and checked (lib/photo.logic.ts), or why it was refused.
import { useState } from 'react';
import { photoOf, type Photo, type PhotoProblem } from './photo.logic';

export function usePhotoPick() {
  const [photo, setPhoto] = useState<Photo | null>(null);
  const [problem, setProblem] = useState<PhotoProblem | null>(null);
  /** Bumped by clear(): the file input is drawn anew, so the browser forgets the file too. */
  const [round, setRound] = useState(0);
  const pick = async (file: File | undefined) => {
    setPhoto(null);
    setProblem(null);
    if (!file) return;
    const p = photoOf(new Uint8Array(await file.arrayBuffer()));
    if (typeof p === 'string') setProblem(p);
    else setPhoto(p);
  };
  const clear = () => {
    setPhoto(null);
    setProblem(null);
    setRound((r) => r + 1);
  };
  return { photo, problem, pick, clear, round };
}
export type PhotoPick = ReturnType<typeof usePhotoPick>;
