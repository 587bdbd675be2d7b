/* Small helpers shared by the benchmarks: medians over repeated, interleaved runs. */
export function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
export function fmtRate(perSec) {
    if (perSec >= 1e6)
        return `${(perSec / 1e6).toFixed(2)} M/s`;
    if (perSec >= 1e3)
        return `${(perSec / 1e3).toFixed(1)} k/s`;
    return `${perSec.toFixed(0)} /s`;
}
