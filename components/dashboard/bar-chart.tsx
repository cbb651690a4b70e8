import styles from './dashboard.module.css';

// A horizontal bar chart drawn on the server (SVG bars, HTML labels that wrap in Khmer and on
// phones): no client JavaScript. The drawing is hidden from screen readers; the same numbers are a
// real table in the figure, which they read instead (and tests find by its name).

export interface ChartSegment {
  value: number;
  color: string;
}

export interface ChartRow {
  key: string;
  label: string;
  /** Stacked left to right; the bar's length is their sum against the largest row's. */
  segments: ChartSegment[];
  /** Written at the bar's end (already formatted on the server). */
  valueText: string;
  /** The table's cells after the row's header, matching `headers.slice(1)`. */
  cells: string[];
}

export interface BarChartProps {
  id: string;
  title: string;
  /** Column headers of the table; the first heads the rows' labels. */
  headers: string[];
  rows: ChartRow[];
  legend?: { label: string; color: string }[];
  note?: string;
}

export function BarChart({ id, title, headers, rows, legend, note }: BarChartProps) {
  const total = (r: ChartRow) => r.segments.reduce((s, x) => s + x.value, 0);
  const max = Math.max(1, ...rows.map(total));
  return (
    <figure className={styles.figure} aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div aria-hidden="true">
        {legend && legend.length > 1 && rows.length > 0 && (
          <ul className={styles.legend}>
            {legend.map((l) => (
              <li key={l.label}>
                <span className={styles.swatch} style={{ background: l.color }} />
                {l.label}
              </li>
            ))}
          </ul>
        )}
        {rows.map((r) => {
          let x = 0;
          return (
            <div className={styles.row} key={r.key}>
              <span className={styles.label}>{r.label}</span>
              <svg className={styles.bar} viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                <rect x="0" y="0" width="100" height="10" style={{ fill: 'var(--bg)' }} />
                {r.segments.map((s, i) => {
                  const w = (s.value / max) * 100;
                  const rect = <rect key={i} x={x} y="0" width={w} height="10" fill={s.color} />;
                  x += w;
                  return rect;
                })}
              </svg>
              <span className={styles.value}>{r.valueText}</span>
            </div>
          );
        })}
      </div>
      {/* A table keeps the width of its content whatever its own width says: the 1 px box that hides it
          from sight is a wrapper, or the hidden table would widen a phone's page. */}
      <div className={styles.visuallyHidden}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {headers.map((h) => (
                <th scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {r.cells.map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {note && <p className={styles.note}>{note}</p>}
    </figure>
  );
}
