import { useEffect, useState } from "react";
import { useT } from "../../i18n/i18n";

function remaining(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86400);
  const hh = String(Math.floor((s % 86400) / 3600)).padStart(2, "0");
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return days > 0 ? `${days} d ${hh}:${mm}:${ss}` : `${hh}:${mm}:${ss}`;
}

/**
 * A live countdown to the filing deadline. It starts from the server's clock (serverNow, sent by
 * the loader) and only advances by the browser's elapsed time, so a wrong clock on the device
 * does not move the deadline; the server refuses late filings whatever this shows.
 */
export function Countdown({ endsAt, serverNow }: { endsAt: string; serverNow: string }) {
  const t = useT();
  const initial = new Date(endsAt).getTime() - new Date(serverNow).getTime();
  const [left, setLeft] = useState(initial);
  useEffect(() => {
    const started = performance.now();
    const timer = setInterval(() => setLeft(initial - (performance.now() - started)), 1000);
    return () => clearInterval(timer);
  }, [initial]);
  return (
    <p className="submission-countdown">
      {/* Announced politely once; not every second. */}
      <span aria-live="off">{t("submissions.form.countdown", { time: remaining(left) })}</span>
    </p>
  );
}
