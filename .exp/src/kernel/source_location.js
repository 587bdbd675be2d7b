/*
 * Where a JavaScript function was defined ("examples/my-driver.mjs:42"), for the one-line
 * errors that name a scenario mistake. Asks the engine through the inspector protocol (an
 * in-process session answers synchronously); used on error paths only, never while exploring.
 */
import { Session } from 'node:inspector';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
/** A path as reports show it: relative to the working directory when inside it, else absolute. */
export function display_path(file) {
    const r = relative(process.cwd(), file);
    return r === '' || r.startsWith('..') || isAbsolute(r) ? file : r;
}
/** "file:line" of `fn`'s definition (see display_path), or null. */
export function function_location(fn) {
    if (typeof fn !== 'function')
        return null;
    const session = new Session();
    const g = globalThis;
    try {
        session.connect();
        const scripts = new Map();
        session.on('Debugger.scriptParsed', (m) => scripts.set(m.params.scriptId, m.params.url));
        session.post('Debugger.enable', () => { });
        g.__hmmsim_fn = fn;
        let loc = null;
        session.post('Runtime.evaluate', { expression: 'globalThis.__hmmsim_fn' }, (e, r) => {
            const id = r?.result?.objectId;
            if (e || !id)
                return;
            session.post('Runtime.getProperties', { objectId: id }, (e2, r2) => {
                if (e2)
                    return;
                const p = r2.internalProperties?.find((x) => x.name === '[[FunctionLocation]]');
                loc = p?.value?.value ?? null;
            });
        });
        session.post('Debugger.disable', () => { });
        if (loc === null)
            return null;
        const l = loc;
        const url = scripts.get(l.scriptId);
        if (!url)
            return null;
        const file = url.startsWith('file:') ? display_path(fileURLToPath(url)) : url;
        return `${file}:${l.lineNumber + 1}`;
    }
    catch {
        return null;
    }
    finally {
        delete g.__hmmsim_fn;
        try {
            session.disconnect();
        }
        catch {
            /* already closed */
        }
    }
}
