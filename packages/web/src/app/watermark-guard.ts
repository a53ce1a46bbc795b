/**
 * A second line behind antd's Watermark. antd re-creates its mark when the mark is removed or one of its attributes
 * changes, but it debounces that repair per animation frame by dropping, not deferring, a change that comes within
 * the frame of its own last repair: a mark hidden right after it came back stayed hidden for good (CI, registry spec;
 * reproduced by hiding the mark in the same task that saw it return).
 *
 * The guard watches the layout's own mark (the container's child div carrying the tiled background image). Two frames
 * after any change to it — when antd's debounce has let go — it checks the mark: still a child of the container, no
 * `class` or `hidden`, shown, with its image. If not, it puts the mark back and rewrites the mark's style attribute
 * unchanged, which antd's observer takes as tampering and answers by redrawing the mark with its own style (and without
 * `class` or `hidden`). A mark that is intact is left alone, so antd's own redraws end the loop.
 *
 * Returns the function that stops the guard.
 */
export function guardWatermark(container: HTMLElement): () => void {
  let mark: HTMLElement | null = null;
  let frame = 0;

  const looksLikeMark = (node: Node): node is HTMLDivElement =>
    node instanceof HTMLDivElement && (node.getAttribute('style') ?? '').includes('background-image');

  const intact = (el: HTMLElement): boolean => {
    if (el.parentElement !== container || el.hasAttribute('class') || el.hasAttribute('hidden')) return false;
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility === 'visible' && style.opacity === '1' && style.backgroundImage.startsWith('url(');
  };

  const check = () => {
    frame = 0;
    if (!mark || intact(mark)) return;
    if (mark.parentElement !== container) container.append(mark);
    mark.setAttribute('style', mark.getAttribute('style') ?? '');
  };

  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(check);
    });
  };

  const adopt = (el: HTMLElement) => {
    mark = el;
    observer.observe(el, { attributes: true });
  };

  const observer = new MutationObserver((records) => {
    let touched = false;
    for (const record of records) {
      if (record.target === mark) touched = true;
      for (const node of record.removedNodes) if (node === mark) touched = true;
      if (!mark) for (const node of record.addedNodes) if (looksLikeMark(node)) adopt(node);
    }
    if (touched) schedule();
  });
  observer.observe(container, { childList: true });
  const present = Array.from(container.children).find(looksLikeMark);
  if (present) adopt(present);

  return () => {
    observer.disconnect();
    if (frame) cancelAnimationFrame(frame);
  };
}
