import {useEffect, useState} from 'react';

/** Current time, ticking once a second only while `active` (a countdown is on screen). */
export function useClock(clock: () => number, active: boolean): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!active) return undefined;
    setNow(clock());
    const timer = setInterval(() => setNow(clock()), 1000);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [clock, active]);
  return active ? now : clock();
}
