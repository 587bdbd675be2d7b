/*
 * The forgotten `yield*`: a model call (a lock, a wait, a syscall, a device operation, one of
 * the scenario's own generator helpers) whose generator is created and never run. JavaScript
 * accepts it silently: `mutex_lock(m);` takes no lock, `if (mmu_interval_read_retry(...))` is
 * always true, `munmap(...)` unmaps nothing. The explorer would then call a broken scenario
 * clean, so a scenario module is checked when it is loaded, before anything runs (no cost to
 * exploring), and every such call is a one-line error naming the file and line.
 *
 * What counts as a model call: a function or method whose declared return type is `Sched`
 * (read from the package's own .d.ts files: every kernel, mm, hmm and driver API), and every
 * generator function or generator method the module declares itself. A call to one is fine
 * as the operand of `yield*`, returned (the caller runs it), an arrow function's body, an
 * argument to another call, or stored in a variable that is later used in one of those ways;
 * anything else (a statement of its own, a condition, a comparison, a plain `yield`) is the
 * mistake.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { ancestor } from 'acorn-walk';
let apiNames = null;
/** Names of every function and method of the package whose return type is Sched. */
export function sched_api_names() {
    if (apiNames !== null)
        return apiNames;
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const names = new Set();
    const other = new Set();
    const visit = (dir) => {
        for (const e of readdirSync(dir)) {
            const p = join(dir, e);
            if (statSync(p).isDirectory())
                visit(p);
            else if (e.endsWith('.d.ts'))
                sched_returning(readFileSync(p, 'utf8'), names, other);
        }
    };
    visit(root);
    const ambiguous = new Set([...names].filter((n) => other.has(n)));
    apiNames = { names, ambiguous };
    return apiNames;
}
/**
 * Functions and methods declared in `dts`: those returning Sched<...> go to `sched`, the rest
 * to `other` (a balanced-parenthesis scan of the declarations).
 */
export function sched_returning(dts, sched = new Set(), other = new Set()) {
    const re = /([A-Za-z_$][\w$]*)\??\s*(?:<[^>(]*>)?\s*\(/g;
    let m;
    while ((m = re.exec(dts)) !== null) {
        let depth = 1;
        let i = re.lastIndex;
        for (; i < dts.length && depth > 0; i++) {
            const ch = dts[i];
            if (ch === '(')
                depth++;
            else if (ch === ')')
                depth--;
        }
        const rest = dts.slice(i, i + 40);
        if (/^\s*:\s*Sched\b/.test(rest))
            sched.add(m[1]);
        else if (/^\s*:/.test(rest))
            other.add(m[1]);
    }
    return sched;
}
function callee_name(call) {
    const c = call['callee'];
    if (c.type === 'Identifier')
        return { name: c['name'], member: false, object: null };
    if (c.type === 'MemberExpression' && !c['computed'] && c['property'].type === 'Identifier')
        return { name: c['property']['name'], member: true, object: c['object'] };
    return null;
}
/**
 * Check one module's source. `api` holds the Sched-returning names of the package; imports are
 * resolved by name (an aliased import keeps the name it was imported as).
 */
export function lint_forgotten_yields(source, file, apiInfo = sched_api_names()) {
    const api = apiInfo.names;
    let ast;
    try {
        ast = parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true });
    }
    catch {
        return []; // the loader reports syntax errors itself
    }
    // Local names bound to a model call: imports of Sched-returning API names, and the module's
    // own generator functions and methods.
    const fnNames = new Set();
    const methodNames = new Set();
    const namespaces = new Set();
    for (const st of ast['body']) {
        if (st.type !== 'ImportDeclaration')
            continue;
        for (const sp of st['specifiers']) {
            if (sp.type === 'ImportSpecifier' && api.has(sp['imported']['name'] ?? sp['imported']['value']))
                fnNames.add(sp['local']['name']);
            else if (sp.type === 'ImportNamespaceSpecifier')
                namespaces.add(sp['local']['name']);
        }
    }
    ancestor(ast, {
        FunctionDeclaration(n) {
            if (n['generator'] && n['id'])
                fnNames.add(n['id']['name']);
        },
        VariableDeclarator(n) {
            const init = n['init'];
            if (init && init.type === 'FunctionExpression' && init['generator'] && n['id'].type === 'Identifier')
                fnNames.add(n['id']['name']);
        },
        MethodDefinition(n) {
            if (n['value']['generator'] && n['key'].type === 'Identifier')
                methodNames.add(n['key']['name']);
        },
        Property(n) {
            const v = n['value'];
            if (v && v.type === 'FunctionExpression' && v['generator'] && n['key'].type === 'Identifier')
                methodNames.add(n['key']['name']);
        },
    });
    // Variables that hold a generator and are run later count as consumed.
    const consumedIds = new Set();
    ancestor(ast, {
        YieldExpression(n) {
            if (n['delegate'] && n['argument']?.type === 'Identifier')
                consumedIds.add(n['argument']['name']);
        },
        ReturnStatement(n) {
            if (n['argument']?.type === 'Identifier')
                consumedIds.add(n['argument']['name']);
        },
        CallExpression(n) {
            for (const a of n['arguments'])
                if (a.type === 'Identifier')
                    consumedIds.add(a['name']);
        },
    });
    const findings = [];
    ancestor(ast, {
        CallExpression(n, _state, ancestors) {
            const cn = callee_name(n);
            if (cn === null)
                return;
            let known;
            if (!cn.member)
                known = fnNames.has(cn.name);
            else if (cn.object?.type === 'Identifier' && namespaces.has(cn.object['name']))
                known = api.has(cn.name);
            else if (cn.object?.type === 'Identifier' && GLOBAL_OBJECTS.has(cn.object['name']))
                known = false;
            else
                known = methodNames.has(cn.name) || (api.has(cn.name) && !apiInfo.ambiguous.has(cn.name) && !COMMON_METHODS.has(cn.name));
            if (!known)
                return;
            const how = misuse(n, ancestors, consumedIds, (c) => {
                const o = callee_name(c);
                if (o === null)
                    return false;
                if (RUNNERS.has(o.name))
                    return true;
                if (!o.member)
                    return fnNames.has(o.name);
                if (o.object?.type === 'Identifier' && namespaces.has(o.object['name']))
                    return api.has(o.name);
                return methodNames.has(o.name) || api.has(o.name);
            });
            if (how === null)
                return;
            findings.push({ file, line: n.loc.start.line, column: n.loc.start.column + 1, callee: cn.name, how });
        },
    });
    return findings;
}
/** Objects whose methods are never model calls. */
const GLOBAL_OBJECTS = new Set(['process', 'console', 'Math', 'JSON', 'Object', 'Array', 'Promise', 'Reflect', 'Atomics', 'Number', 'String', 'Symbol', 'BigInt', 'Date']);
/** Method names too common to judge by name alone when the object's type is unknown. */
const COMMON_METHODS = new Set(['bind', 'call', 'apply', 'next', 'return', 'throw', 'get', 'set', 'has', 'delete', 'push', 'map', 'filter']);
/** Helpers that take a generator object and run or inspect it. */
const RUNNERS = new Set(['finish_now', 'finished_value']);
/** How the call's generator is misused, or null when it is run (or handed to code that runs it). */
function misuse(call, ancestors, consumed, runs) {
    // ancestors ends with the call itself.
    let child = call;
    for (let i = ancestors.length - 2; i >= 0; i--) {
        const p = ancestors[i];
        switch (p.type) {
            case 'ParenthesizedExpression':
            case 'ChainExpression':
                child = p;
                continue;
            case 'YieldExpression':
                return p['delegate'] ? null : 'is yielded without * (its steps never run)';
            case 'ReturnStatement':
                return null;
            case 'ArrowFunctionExpression':
                return p['body'] === child ? null : null;
            case 'CallExpression':
            case 'NewExpression': {
                if (p['callee'] === child)
                    return 'is called on its result';
                if (p.type === 'CallExpression' && runs(p))
                    return null;
                const o = callee_name(p);
                return o === null ? null : `is passed to ${o.name}(), which does not run it`;
            }
            case 'ArrayExpression':
            case 'Property':
            case 'SpreadElement':
                return null;
            case 'VariableDeclarator':
                if (p['id'].type === 'Identifier' && consumed.has(p['id']['name']))
                    return null;
                return 'is stored but never run';
            case 'AssignmentExpression':
                if (p['left'].type === 'Identifier' && consumed.has(p['left']['name']))
                    return null;
                if (p['left'].type === 'MemberExpression')
                    return null;
                return 'is stored but never run';
            case 'ExpressionStatement':
                return 'is called but never run';
            case 'AwaitExpression':
                return 'is awaited (model calls are run with yield*, not await)';
            case 'ConditionalExpression':
                if (p['test'] === child)
                    return 'is used as a condition (a generator object is always true)';
                child = p;
                continue;
            case 'LogicalExpression':
            case 'UnaryExpression':
            case 'BinaryExpression':
            case 'IfStatement':
            case 'WhileStatement':
            case 'DoWhileStatement':
            case 'ForStatement':
            case 'SwitchStatement':
            case 'TemplateLiteral':
            case 'MemberExpression':
                return 'is used as a value without yield* (a generator object, not its result)';
            default:
                return null;
        }
    }
    return null;
}
/** Lint a module file; findings as one-line messages "file:line:col: ...". */
export function lint_module_file(path, shown = path) {
    let src;
    try {
        src = readFileSync(path, 'utf8');
    }
    catch {
        return [];
    }
    return lint_forgotten_yields(src, shown).map(yield_lint_message);
}
export function yield_lint_message(f) {
    return `${f.file}:${f.line}:${f.column}: ${f.callee}(...) ${f.how}: a model call runs only as yield* ${f.callee}(...)`;
}
