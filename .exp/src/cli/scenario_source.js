/*
 * Where scenarios come from: the built-in registry, or a user's own module.
 *
 * A user scenario is an ES module (compiled JavaScript) whose default export is a Scenario or
 * an array of them, or which exports `scenarios: Scenario[]`. It is named on the command line
 * by path, `./my-driver.js`, or `./my-drivers.js#name` when the module has several. Replay
 * tokens of such scenarios carry the path relative to the working directory (`./my-driver.js`,
 * `../drivers/x.js`), so a token pasted into a bug report replays in another checkout of the
 * same tree; replay resolves it against its own working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isViolationKind, VIOLATION_KINDS } from '../kernel/index.js';
import { decodeToken } from '../explore/token.js';
import { findScenario } from '../scenarios/index.js';
import { lint_module_file } from './yield_lint.js';
import { display_path } from '../kernel/source_location.js';
/** Bad usage or input: printed as one line, exit 2. */
export class UsageError extends Error {
}
/**
 * The forgotten-yield* check over a scenario module and the local modules it imports (relative
 * paths; not packages). Findings are one-line messages with paths relative to the working
 * directory.
 */
function lint_scenario_files(entry) {
    const out = [];
    const seen = new Set();
    const visit = (file, depth) => {
        if (seen.has(file) || depth > 8)
            return;
        seen.add(file);
        out.push(...lint_module_file(file, display_path(file)));
        let src;
        try {
            src = readFileSync(file, 'utf8');
        }
        catch {
            return;
        }
        for (const m of src.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
            const dep = resolve(dirname(file), m[1]);
            if (existsSync(dep) && /\.(m?js|cjs)$/.test(dep))
                visit(dep, depth + 1);
        }
    };
    visit(entry, 0);
    return out;
}
function looksLikePath(s) {
    return s.includes('/') || /\.(m?js|cjs)(#.*)?$/.test(s);
}
function validScenario(x) {
    if (x === null || typeof x !== 'object')
        return false;
    const s = x;
    return typeof s.name === 'string' && typeof s.setup === 'function' && s.designs !== null && typeof s.designs === 'object' && Object.keys(s.designs).length > 0;
}
async function loadModuleScenario(spec) {
    const hash = spec.indexOf('#');
    const file = hash >= 0 ? spec.slice(0, hash) : spec;
    const want = hash >= 0 ? spec.slice(hash + 1) : undefined;
    const abs = isAbsolute(file) ? file : resolve(process.cwd(), file);
    if (!existsSync(abs))
        throw new UsageError(`unknown scenario '${spec}': no built-in scenario of that name and no file ${abs}`);
    // A forgotten yield* makes a model call do nothing: refuse the module before running it.
    const findings = lint_scenario_files(abs);
    if (findings.length > 0)
        throw new UsageError(`${findings[0]}${findings.length > 1 ? ` (and ${findings.length - 1} more)` : ''}`);
    let mod;
    try {
        mod = (await import(pathToFileURL(abs).href));
    }
    catch (e) {
        throw new UsageError(`cannot load scenario module ${abs}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    const found = [];
    const def = mod['default'];
    if (Array.isArray(def))
        found.push(...def);
    else if (def !== undefined)
        found.push(def);
    if (Array.isArray(mod['scenarios']))
        found.push(...mod['scenarios']);
    const list = found.filter(validScenario);
    if (list.length === 0)
        throw new UsageError(`${abs} exports no scenario (default export or 'scenarios' array of {name, designs, setup})`);
    let sc;
    if (want !== undefined)
        sc = list.find((s) => s.name === want);
    else if (list.length === 1)
        sc = list[0];
    else
        throw new UsageError(`${abs} exports several scenarios (${list.map((s) => s.name).join(', ')}): pick one with ${file}#<name>`);
    if (!sc)
        throw new UsageError(`${abs} has no scenario named '${want}'`);
    for (const [design, e] of Object.entries(sc.designs)) {
        const ok = e !== null && typeof e === 'object' && (e.clean === true || (e.clean === false && Array.isArray(e.kinds) && e.kinds.length > 0 && e.kinds.every((k) => isViolationKind(k))));
        if (!ok)
            throw new UsageError(`${abs}#${sc.name}: design '${design}' must expect { clean: true } or { clean: false, kinds: [...] } with kinds among ${VIOLATION_KINDS.join(', ')}`);
    }
    // The token names the module by its path relative to the working directory.
    return { ...sc, name: `${relativeSpec(abs)}#${sc.name}` };
}
/** `abs` as a path relative to the working directory, always with a leading ./ or ../. */
function relativeSpec(abs) {
    const rel = relative(process.cwd(), abs).split(sep).join('/');
    return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}
export async function resolveScenario(nameOrPath) {
    const sc = findScenario(nameOrPath);
    if (sc)
        return sc;
    if (looksLikePath(nameOrPath))
        return loadModuleScenario(nameOrPath);
    throw new UsageError(`unknown scenario '${nameOrPath}' (see 'hmmsim list', or give the path of a scenario module)`);
}
/** The scenario a replay token names (decoding errors surface as TokenError). */
export async function scenarioForToken(token) {
    const t = decodeToken(token);
    if (findScenario(t.scenario))
        return findScenario(t.scenario);
    if (looksLikePath(t.scenario))
        return loadModuleScenario(t.scenario);
    throw new UsageError(`unknown scenario '${t.scenario}' in replay token`);
}
