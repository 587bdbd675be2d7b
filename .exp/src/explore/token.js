/*
 * Replay tokens: one printable string that reproduces an execution exactly.
 *
 *   hm1:<scenario>:<design>:<step budget>:<choices>
 *
 * <choices> is the execution's whole choice stream (every thread pick made among more than one
 * runnable thread and every data choice, in order), run-length encoded as varint pairs
 * (value, repeat-1) and written in base64url. Scenario names and designs are URI-encoded.
 */
export class TokenError extends Error {
}
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function varint(out, v) {
    while (v >= 0x80) {
        out.push((v & 0x7f) | 0x80);
        v >>>= 7;
    }
    out.push(v);
}
function b64(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i += 3) {
        const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
        const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
        for (let k = 0; k < chars; k++)
            s += B64[(n >> (18 - 6 * k)) & 63];
    }
    return s;
}
function unb64(s) {
    const out = [];
    let acc = 0;
    let bits = 0;
    for (const ch of s) {
        const v = B64.indexOf(ch);
        if (v < 0)
            throw new TokenError(`invalid character '${ch}' in choices`);
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push((acc >> bits) & 0xff);
        }
    }
    return out;
}
export function encodeToken(t) {
    const bytes = [];
    const c = t.choices;
    for (let i = 0; i < c.length;) {
        let j = i + 1;
        while (j < c.length && c[j] === c[i])
            j++;
        varint(bytes, c[i]);
        varint(bytes, j - i - 1);
        i = j;
    }
    return `hm1:${encodeURIComponent(t.scenario)}:${encodeURIComponent(t.design)}:${t.stepBudget}:${b64(bytes)}`;
}
export function decodeToken(s) {
    const parts = s.trim().split(':');
    if (parts.length !== 5 || parts[0] !== 'hm1')
        throw new TokenError('malformed replay token (expected hm1:<scenario>:<design>:<steps>:<choices>)');
    const [, sc, design, budget, payload] = parts;
    if (!/^[0-9]+$/.test(budget) || Number(budget) <= 0)
        throw new TokenError('malformed replay token: bad step budget');
    let scenario;
    let des;
    try {
        scenario = decodeURIComponent(sc);
        des = decodeURIComponent(design);
    }
    catch {
        throw new TokenError('malformed replay token: bad scenario or design encoding');
    }
    if (!scenario || !des)
        throw new TokenError('malformed replay token: empty scenario or design');
    const bytes = unb64(payload);
    const choices = [];
    let i = 0;
    const read = () => {
        let v = 0;
        let shift = 0;
        for (;;) {
            if (i >= bytes.length)
                throw new TokenError('malformed replay token: truncated choices');
            const b = bytes[i++];
            v += (b & 0x7f) * 2 ** shift;
            if (!(b & 0x80))
                return v;
            shift += 7;
            if (shift > 28)
                throw new TokenError('malformed replay token: choice value too large');
        }
    };
    while (i < bytes.length) {
        const v = read();
        const n = read() + 1;
        if (choices.length + n > 50_000_000)
            throw new TokenError('malformed replay token: too many choices');
        for (let k = 0; k < n; k++)
            choices.push(v);
    }
    return { scenario, design: des, stepBudget: Number(budget), choices };
}
