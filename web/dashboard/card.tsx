// The frame every dashboard card shares: a titled card, a labelled number, an error note.
import type { ReactNode } from "react";

export const COLORS = { traffic: "#2563eb", p50: "#0ea5e9", p95: "#f59e0b", p99: "#dc2626" };

export function Card(props: { title: string; subtitle?: ReactNode; actions?: ReactNode; className?: string; children: ReactNode; testId?: string }) {
  return (
    <section className={`card ${props.className ?? ""}`} data-testid={props.testId}>
      <header className="card-head">
        <div>
          <h2>{props.title}</h2>
          {props.subtitle && <div className="card-sub">{props.subtitle}</div>}
        </div>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}

export function Stat(props: { label: string; value: ReactNode; unit?: string; testId?: string; tone?: "bad" | "good" }) {
  return (
    <div className={`stat ${props.tone ? `stat-${props.tone}` : ""}`}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">
        <span data-testid={props.testId}>{props.value}</span>
        {props.unit && props.value !== "—" && <span className="stat-unit">{props.unit}</span>}
      </div>
    </div>
  );
}

export const ErrorNote = ({ error }: { error: string | null }) => (error ? <div className="note note-error">Could not refresh: {error}</div> : null);

export const metric = (metrics: Array<{ key: string; value: number }>, key: string): number | null => metrics.find((m) => m.key === key)?.value ?? null;
