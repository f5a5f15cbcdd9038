// A run's plots as thumbnails; a click opens one full-size in a viewer (Escape or the backdrop
// closes it, the arrow keys step through the plots).
import { useCallback, useEffect, useRef, useState } from "react";

export interface Plot {
  name: string;
  url: string;
}

const caption = (name: string) => name.replace(/\.svg$/, "").replace(/_/g, " ");

export function PlotGallery({ plots, title }: { plots: Plot[]; title: string }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <div className="artifact-grid">
        {plots.map((a, i) => (
          <figure key={a.name}>
            <button type="button" className="plot-thumb" onClick={() => setOpen(i)} aria-label={`Open ${caption(a.name)} full size`} data-testid="plot-thumb">
              <img src={a.url} alt={a.name} loading="lazy" />
            </button>
            <figcaption>{caption(a.name)}</figcaption>
          </figure>
        ))}
      </div>
      {open !== null && plots[open] && <PlotViewer plots={plots} index={open} title={title} onIndex={setOpen} onClose={() => setOpen(null)} />}
    </>
  );
}

function PlotViewer({ plots, index, title, onIndex, onClose }: { plots: Plot[]; index: number; title: string; onIndex: (i: number) => void; onClose: () => void }) {
  const plot = plots[index] as Plot;
  const closeButton = useRef<HTMLButtonElement>(null);
  const step = useCallback((delta: number) => onIndex((index + delta + plots.length) % plots.length), [index, plots.length, onIndex]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
      else if (e.key === "ArrowRight") step(1);
      else if (e.key === "ArrowLeft") step(-1);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose, step]);
  useEffect(() => closeButton.current?.focus(), []);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: the backdrop click is a mouse shortcut; Escape (above) and the close button are the keyboard path
    <div className="viewer-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()} data-testid="plot-viewer">
      <div className="viewer" role="dialog" aria-modal="true" aria-label={`${caption(plot.name)} — ${title}`}>
        <header className="viewer-head">
          <div>
            <b>{caption(plot.name)}</b> <span className="muted">{title} · {index + 1} of {plots.length}</span>
          </div>
          <div className="viewer-actions">
            {plots.length > 1 && (
              <>
                <button type="button" className="btn-small" onClick={() => step(-1)} aria-label="Previous plot">
                  ‹
                </button>
                <button type="button" className="btn-small" onClick={() => step(1)} aria-label="Next plot">
                  ›
                </button>
              </>
            )}
            <a className="btn-small" href={plot.url} target="_blank" rel="noreferrer">
              Open in a new tab
            </a>
            <button type="button" className="btn-small" onClick={onClose} ref={closeButton} aria-label="Close the plot">
              Close
            </button>
          </div>
        </header>
        <img className="viewer-image" src={plot.url} alt={plot.name} data-testid="plot-viewer-image" />
      </div>
    </div>
  );
}
